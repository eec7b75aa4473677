// The whole MCP session over stdio with the official TypeScript SDK client, against the reference server
// (@modelcontextprotocol/server-everything) or a stand-in for it (shadowcat record / replay).
//
//   node stdio-session.mjs COMMAND [ARGS...]
//
// Prints one line per step, "STEP JSON", of what the client got: the Java test runs it against the server
// directly, through the recorder and against the replay, and compares. Nothing here waits on a clock: the
// cancellation is sent when the first progress notification arrives.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ProgressNotificationSchema,
  EmptyResultSchema,
} from "@modelcontextprotocol/sdk/types.js";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: node stdio-session.mjs COMMAND [ARGS...]");
  process.exit(2);
}

const out = [];
const note = (step, value) => out.push(`${step} ${JSON.stringify(value)}`);
const logs = [];

const client = new Client(
  { name: "shadowcat-ts-client", version: "1.0.0" },
  { capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } } },
);
client.setRequestHandler(CreateMessageRequestSchema, async (request) => ({
  model: "test-model",
  role: "assistant",
  content: { type: "text", text: `sampled ${request.params.messages.length} message(s)` },
}));
client.setRequestHandler(ElicitRequestSchema, async () => ({
  action: "accept",
  content: { name: "Ann Example", check: true, email: "ann@example.com", integer: 7 },
}));
client.setRequestHandler(ListRootsRequestSchema, async () => ({
  roots: [{ uri: "file:///tmp/shadowcat-root", name: "the root" }],
}));
// The server asks for the client's roots on a timer, 350 ms after initialization, and logs "Roots updated"
// when it has them. get-roots-list below asks too, and when it comes while the timer's exchange is still
// on the wire both ask and both log: one log line or two, by timing. So the script waits for that first
// exchange before it goes on (the log line is its last message; replay sends it in the same place).
let rootsSynced;
const startupRoots = new Promise((resolve) => { rootsSynced = resolve; });
client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
  logs.push(n.params);
  if (String(n.params.data).startsWith("Roots updated")) rootsSynced();
});
// Every progress notification that arrives, whatever the SDK's own bookkeeping makes of it: it hands
// notifications over a microtask late, so one that comes in the same read as its response is dropped as
// "unknown token", and how reads are cut is timing, not the server's behaviour.
let onProgress = () => {};
client.setNotificationHandler(ProgressNotificationSchema, (n) => onProgress(n.params));

// What a failed call looks like to the client: the JSON-RPC error it got.
const attempt = async (step, call) => {
  try {
    note(step, await call());
  } catch (e) {
    note(step, { error: { code: e.code ?? null, message: String(e.message) } });
  }
};

const transport = new StdioClientTransport({ command, args, env: process.env, stderr: "inherit" });
await client.connect(transport);
await startupRoots;
note("initialize", {
  server: client.getServerVersion(),
  capabilities: client.getServerCapabilities(),
  instructions: client.getInstructions() ?? null,
});
note("ping", await client.ping());
note("tools", await client.listTools());
note("resources", await client.listResources());
note("templates", await client.listResourceTemplates());
note("prompts", await client.listPrompts());
note("prompt", await client.getPrompt({ name: "simple-prompt" }));
note("prompt-args", await client.getPrompt({ name: "args-prompt", arguments: { city: "Zürich", state: "ZH" } }));
note("read", await client.readResource({ uri: "demo://resource/static/document/architecture.md" }));
note("echo", await client.callTool({ name: "echo", arguments: { message: "Grüezi 日本語 🎉 \"q\" \\ 1e2" } }));
note("sum", await client.callTool({ name: "get-sum", arguments: { a: 19, b: 23.5 } }));

const progress = [];
onProgress = (p) => progress.push(p);
note("progress", {
  result: await client.callTool({ name: "trigger-long-running-operation", arguments: { duration: 0.3, steps: 3 } },
    undefined, { onprogress: () => {} }),
  progress,
});
onProgress = () => {};
note("sampling", await client.callTool({ name: "trigger-sampling-request", arguments: { prompt: "hi", maxTokens: 5 } }));
note("elicitation", await client.callTool({ name: "trigger-elicitation-request", arguments: {} }));
note("roots", await client.callTool({ name: "get-roots-list", arguments: {} }));
note("logging", await client.setLoggingLevel("debug"));
note("subscribe", await client.subscribeResource({ uri: "demo://resource/dynamic/text/1" }));
note("unsubscribe", await client.unsubscribeResource({ uri: "demo://resource/dynamic/text/1" }));
note("complete", await client.complete({
  ref: { type: "ref/prompt", name: "completable-prompt" },
  argument: { name: "department", value: "E" },
}));

// Cancel: the client gives up on a request once it has seen its first progress notification. (The server
// goes on sending progress for it: those are not looked at.)
const abort = new AbortController();
let firstProgress = null;
onProgress = (p) => {
  if (firstProgress === null) {
    firstProgress = p;
    abort.abort("enough");
  }
};
await attempt("cancel", () => client.callTool(
  { name: "trigger-long-running-operation", arguments: { duration: 3, steps: 3 } },
  undefined,
  { signal: abort.signal, onprogress: () => {} },
));
onProgress = () => {};
note("cancel-progress", firstProgress);

await attempt("bad-tool", () => client.callTool({ name: "no-such-tool", arguments: {} }));
await attempt("bad-arguments", () => client.callTool({ name: "get-sum", arguments: { a: "x" } }));
await attempt("bad-method", () => client.request({ method: "no/such/method", params: {} }, EmptyResultSchema));
note("ping-last", await client.ping());

await client.close();
// Log notifications come as the server sends them, some on a timer (roots): compared as a set.
note("logs", logs.map((l) => JSON.stringify(l)).sort());
process.stdout.write(out.join("\n") + "\n");
