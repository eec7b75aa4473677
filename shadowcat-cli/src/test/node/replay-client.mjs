// Drives an MCP server with the official TypeScript SDK client and prints, as one JSON array on stdout,
// every result (or error) it got, so that two runs (the real server, then shadowcat replay) compare equal.
//   node replay-client.mjs stdio CMD ARGS...   |   node replay-client.mjs http URL   |   node replay-client.mjs sse URL
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";

const [mode, ...target] = process.argv.slice(2);
let transport;
if (mode === "stdio") {
  transport = new StdioClientTransport({ command: target[0], args: target.slice(1), env: process.env, stderr: "inherit" });
} else if (mode === "http") {
  transport = new StreamableHTTPClientTransport(new URL(target[0]));
} else if (mode === "sse") {
  transport = new SSEClientTransport(new URL(target[0]));
} else {
  console.error("usage: replay-client.mjs stdio CMD ARGS... | http URL | sse URL");
  process.exit(2);
}

const client = new Client({ name: "shadowcat-replay-client", version: "1.0.0" });
const results = [];
async function step(name, run) {
  try {
    results.push({ step: name, result: await run() });
  } catch (e) {
    results.push({ step: name, error: { code: e.code ?? null, message: String(e.message) } });
  }
}

await client.connect(transport);
results.push({ step: "initialize", server: client.getServerVersion(), capabilities: client.getServerCapabilities() });
await step("tools/list", () => client.listTools());
await step("call echo", () => client.callTool({ name: "echo", arguments: { message: "Grüezi 日本語 🎉" } }));
await step("call get-sum", () => client.callTool({ name: "get-sum", arguments: { a: 19, b: 23 } }));
const progress = [];
await step("call trigger-long-running-operation", async () => {
  const result = await client.callTool({ name: "trigger-long-running-operation", arguments: { duration: 0.2, steps: 2 } },
    undefined, { onprogress: (p) => progress.push(`${p.progress}/${p.total}`) });
  return { result, progress };
});
await step("call get-sum bad", () => client.callTool({ name: "get-sum", arguments: { a: "nineteen", b: 23 } }));
await step("call no-such-tool", () => client.callTool({ name: "no-such-tool", arguments: {} }));
await step("resources/list", () => client.listResources());
await step("resources/read", () => client.readResource({ uri: "demo://resource/static/document/architecture.md" }));
await step("prompts/list", () => client.listPrompts());
await step("prompts/get", () => client.getPrompt({ name: "simple-prompt", arguments: {} }));
await step("ping", () => client.ping());
if (mode === "http") {
  await transport.terminateSession(); // DELETE: the session ends as a well-behaved client ends it
}
await client.close();
process.stdout.write(JSON.stringify(results) + "\n");
