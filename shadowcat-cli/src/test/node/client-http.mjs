// Drives an MCP server over HTTP with the official TypeScript SDK and prints what it saw as one JSON line.
// usage: node client-http.mjs URL streamable|sse [--token T] [--sessions N]
// With --sessions N, runs N sessions at once and prints one result per session in "sessions".
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { EmptyResultSchema } from "@modelcontextprotocol/sdk/types.js";

const [url, kind, ...rest] = process.argv.slice(2);
const token = rest.includes("--token") ? rest[rest.indexOf("--token") + 1] : null;
const sessions = rest.includes("--sessions") ? Number(rest[rest.indexOf("--sessions") + 1]) : 0;
const headers = token ? { Authorization: `Bearer ${token}` } : {};

function transport() {
  const options = { requestInit: { headers } };
  if (kind === "sse") {
    // the SSE GET goes through the event source: it needs the header too
    options.eventSourceInit = { fetch: (u, init) => fetch(u, { ...init, headers: { ...(init?.headers ?? {}), ...headers } }) };
    return new SSEClientTransport(new URL(url), options);
  }
  return new StreamableHTTPClientTransport(new URL(url), options);
}

async function session() {
  const client = new Client({ name: "shadowcat-http-test", version: "1.0.0" });
  const t = transport();
  await client.connect(t);
  const out = {};
  out.sessionId = kind === "sse" ? null : (t.sessionId ? "assigned" : null);
  out.tools = (await client.listTools()).tools.map((x) => x.name).sort();
  out.echo = (await client.callTool({ name: "echo", arguments: { message: "hello over http" } })).content;
  out.sum = (await client.callTool({ name: "get-sum", arguments: { a: 2, b: 40 } })).content;
  const progress = [];
  const longRun = await client.callTool({ name: "trigger-long-running-operation", arguments: { duration: 0.3, steps: 3 } },
    undefined, { onprogress: (p) => progress.push([p.progress, p.total]) });
  out.longRun = longRun.content;
  out.progress = progress;
  out.resources = (await client.listResources()).resources.map((r) => r.uri).slice(0, 3);
  out.resource = (await client.readResource({ uri: out.resources[0] })).contents.map((c) => c.uri);
  out.prompts = (await client.listPrompts()).prompts.map((p) => p.name).sort();
  out.prompt = (await client.getPrompt({ name: "simple-prompt" })).messages.length;
  out.ping = await client.ping();
  const failed = await client.callTool({ name: "no-such-tool", arguments: {} });
  out.toolError = [failed.isError === true, failed.content];
  try {
    await client.request({ method: "no/such-method", params: {} }, EmptyResultSchema);
    out.error = "none";
  } catch (e) {
    out.error = String(e.code ?? e.message);
  }
  if (kind !== "sse") {
    await t.terminateSession();
  }
  await client.close();
  return out;
}

try {
  if (sessions > 0) {
    const all = await Promise.all(Array.from({ length: sessions }, () => session()));
    console.log(JSON.stringify({ sessions: all }));
  } else {
    console.log(JSON.stringify(await session()));
  }
  process.exit(0);
} catch (e) {
  console.log(JSON.stringify({ failure: String(e?.stack ?? e) }));
  process.exit(1);
}
