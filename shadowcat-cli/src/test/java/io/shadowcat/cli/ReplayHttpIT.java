package io.shadowcat.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.shadowcat.Shadowcat;
import io.shadowcat.http.serve.HttpReplayServer;
import io.shadowcat.replay.MatchMode;
import io.shadowcat.replay.ReplayOptions;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeFileReader;
import io.shadowcat.tape.TapeId;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadowcat replay TAPE --listen} stands in for the reference MCP server over HTTP: for each client
 * (the official TypeScript SDK and the MCP Java SDK) and each transport (Streamable HTTP, legacy HTTP+SSE),
 * the client gets the same results from {@code mcp-server-everything streamableHttp|sse} directly as from the
 * replay of a tape of the same session (recorded over stdio: a stdio tape replays over HTTP), in every match
 * mode. The protocol's edge cases are shadowcat-http's HttpReplayServerTest.
 */
class ReplayHttpIT {

    private static final String BIN = "mcp-server-everything";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MODES = List.of("method_params", "sequential", "strict");

    @TempDir
    static Path tapes;

    private static Process directHttp;
    private static Process directSse;
    private static URI directHttpUri;
    private static URI directSseUri;

    @BeforeAll
    static void startTheReferenceServers() throws Exception {
        Launchers.installed(BIN);
        int httpPort = freePort();
        directHttp = startEverything("streamableHttp", httpPort, "listening on port");
        directHttpUri = URI.create("http://127.0.0.1:" + httpPort + "/mcp");
        int ssePort = freePort();
        directSse = startEverything("sse", ssePort, "running on port");
        directSseUri = URI.create("http://127.0.0.1:" + ssePort + "/sse");
    }

    @AfterAll
    static void stopTheReferenceServers() {
        for (Process p : new Process[] {directHttp, directSse}) {
            if (p != null) {
                p.destroy();
            }
        }
    }

    // --- the TypeScript SDK client ---

    @Test
    void theTypeScriptClientGetsTheSameResultsFromTheReplayAsFromTheServerOverBothTransports() throws Exception {
        JsonNode recorded = typeScript(Launchers.shadowcat(List.of("record", "--tape-id", "ts-http", "--",
                Launchers.installed(BIN).toString(), "stdio")), "stdio");
        JsonNode directOverHttp = typeScript(List.of(directHttpUri.toString()), "http");
        JsonNode directOverSse = typeScript(List.of(directSseUri.toString()), "sse");
        assertThat(withoutProgress(directOverHttp)).as("the tape's session is the one the HTTP server gives")
                .isEqualTo(withoutProgress(recorded));

        for (String mode : MODES) {
            try (Replay replay = Replay.start("ts-http", mode)) {
                JsonNode overHttp = typeScript(List.of(replay.url), "http");
                assertThat(withoutProgress(overHttp)).as("Streamable HTTP, match " + mode)
                        .isEqualTo(withoutProgress(directOverHttp));
                // the replay's stream carries each progress event on its own, under the client's token
                assertThat(progressOf(overHttp)).as("progress over Streamable HTTP, match " + mode)
                        .containsExactly("1/2", "2/2");
                assertThat(withoutProgress(typeScript(List.of(replay.sseUrl()), "sse"))).as("HTTP+SSE, match " + mode)
                        .isEqualTo(withoutProgress(directOverSse));
                replay.stopAndExpect(2);
            }
        }
    }

    /**
     * Tapes recorded over HTTP (by {@code shadowcat record --upstream} of mcp-server-everything streamableHttp and
     * sse, with replay-client.mjs; src/test/resources/http-tapes) replay over Streamable HTTP, HTTP+SSE and stdio
     * with the results the server gives directly.
     */
    @Test
    void tapesRecordedOverHttpReplayOverEitherHttpTransportAndOverStdio() throws Exception {
        JsonNode directOverHttp = withoutProgress(typeScript(List.of(directHttpUri.toString()), "http"));
        for (String name : List.of("everything-streamable-http", "everything-sse")) {
            Tape tape = TapeFileReader.read(Path.of("src", "test", "resources", "http-tapes", name + ".jsonl"), TapeId.of(name));
            assertThat(tape.metadata().transport().type()).isIn("streamable-http", "sse");
            try (Shadowcat shadowcat = Shadowcat.builder().withStorage("filesystem", Map.of("path", tapes.toString())).build()) {
                shadowcat.storage().save(tape);
            }
            try (Replay replay = Replay.start(name, "method_params")) {
                assertThat(withoutProgress(typeScript(List.of(replay.url), "http"))).as(name + " over Streamable HTTP")
                        .isEqualTo(directOverHttp);
                assertThat(withoutProgress(typeScript(List.of(replay.sseUrl()), "sse"))).as(name + " over HTTP+SSE")
                        .isEqualTo(directOverHttp);
                replay.stopAndExpect(2);
            }
            assertThat(withoutProgress(typeScript(Launchers.shadowcat(List.of("replay", name)), "stdio")))
                    .as(name + " over stdio").isEqualTo(directOverHttp);
        }
    }

    /** Runs replay-client.mjs: {@code mode} is stdio (then {@code target} is the server's command line), http or sse. */
    private static JsonNode typeScript(List<String> target, String mode) throws Exception {
        Path script = Path.of("src", "test", "node", "replay-client.mjs").toAbsolutePath();
        if (!Files.isDirectory(script.getParent().resolve("node_modules/@modelcontextprotocol/sdk"))) {
            throw new AssertionError("the TypeScript SDK is not installed: run .ci/run, or npm ci in "
                    + script.getParent());
        }
        List<String> command = new ArrayList<>(List.of("node", script.toString(), mode));
        command.addAll(target);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(TestStorage.env(tapes));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the TypeScript client ends").isTrue();
        assertThat(p.exitValue()).as("replay-client.mjs " + mode + " exit code; output: " + out).isZero();
        return JSON.readTree(out);
    }

    private static JsonNode step(JsonNode results, String name) {
        for (JsonNode r : results) {
            if (name.equals(r.path("step").asText())) {
                return r;
            }
        }
        throw new AssertionError("no step " + name + " in " + results);
    }

    /**
     * How many progress notifications an SDK client sees depends on timing, against the real server too: the
     * TypeScript client drops one that arrives in the same read as the response (its notification handler runs
     * a microtask late, after the response removed the progress handler), and the Java client hands them to its
     * consumer asynchronously. The results are compared without them; what the replay sends is checked apart.
     */
    private static List<String> progressOf(JsonNode results) {
        List<String> progress = new ArrayList<>();
        step(results, "call trigger-long-running-operation").at("/result/progress").forEach(p -> progress.add(p.asText()));
        return progress;
    }

    private static List<String> withoutProgress(List<String> results) {
        return results.stream().filter(r -> !r.startsWith("progress ")).collect(Collectors.toList());
    }

    private static JsonNode withoutProgress(JsonNode results) {
        ArrayNode copy = results.deepCopy();
        ((ObjectNode) step(copy, "call trigger-long-running-operation").get("result")).remove("progress");
        return copy;
    }

    // --- the MCP Java SDK client ---

    // no client features: the reference server then sends nothing on its own that races the script (see Features)
    private static final McpClientScript.Features JAVA_FEATURES = McpClientScript.Features.NONE;

    private static final Consumer<McpClientScript.Steps> JAVA_SCRIPT = s -> {
        s.note("tools", s.client.listTools());
        s.call("echo", Map.of("message", "Grüezi 日本語 🎉"));
        s.call("get-sum", Map.of("a", 19, "b", 23));
        s.note("call trigger-long-running-operation", s.client.callTool(McpSchema.CallToolRequest.builder()
                .name("trigger-long-running-operation").arguments(Map.of("duration", 0.2, "steps", 2))
                .progressToken("progress-1").build()));
        callOrError(s, "get-sum", Map.of("a", "nineteen", "b", 23));
        callOrError(s, "no-such-tool", Map.of());
        s.note("resources", s.client.listResources());
        s.note("read", s.client.readResource(
                new McpSchema.ReadResourceRequest("demo://resource/static/document/architecture.md")));
        s.note("prompts", s.client.listPrompts());
        s.note("prompt", s.client.getPrompt(new McpSchema.GetPromptRequest("simple-prompt", Map.of())));
        s.note("ping", s.client.ping());
        s.note("progress", List.copyOf(s.progress));
    };

    private static void callOrError(McpClientScript.Steps s, String tool, Map<String, Object> arguments) {
        try {
            s.call(tool, arguments);
        } catch (McpError e) {
            s.note("error " + tool, e.getJsonRpcError());
        }
    }

    @Test
    void theJavaSdkClientGetsTheSameResultsFromTheReplayAsFromTheServerOverBothTransports() throws Exception {
        List<String> server = List.of(Launchers.installed(BIN).toString(), "stdio");
        List<String> recorded = McpClientScript.run(recording("java-http", server, null), JAVA_FEATURES, JAVA_SCRIPT);
        // The SDK's legacy SSE transport speaks 2024-11-05 only: its tape is a stdio session of that revision.
        List<String> recordedLegacy = McpClientScript.run(recording("java-sse", server, List.of("2024-11-05")),
                JAVA_FEATURES, JAVA_SCRIPT);
        List<String> directOverHttp = McpClientScript.run(streamable(directHttpUri), JAVA_FEATURES, JAVA_SCRIPT);
        List<String> directOverSse = McpClientScript.run(sse(directSseUri), JAVA_FEATURES, JAVA_SCRIPT);
        for (String tape : List.of("java-http", "java-sse")) {
            // what a strict replay checks: the tape's requests are the script's, in its order, every run
            List<String> methods = TestStorage.load(tapes, TapeId.of(tape)).frames().stream()
                    .filter(f -> f.direction() == Direction.CLIENT_TO_SERVER).map(Frame::method).toList();
            assertThat(methods).as(tape + ": the client's requests").filteredOn(m -> !m.startsWith("notifications/"))
                    .containsExactly("initialize", "tools/list", "tools/call", "tools/call", "tools/call",
                            "tools/call", "tools/call", "resources/list", "resources/read", "prompts/list",
                            "prompts/get", "ping");
            assertThat(TestStorage.load(tapes, TapeId.of(tape)).frames()).as(tape + ": the server's tool list change")
                    .anySatisfy(f -> assertThat(f.method()).isEqualTo("notifications/tools/list_changed"));
        }
        assertThat(directOverHttp).anySatisfy(r -> assertThat(r).startsWith("progress").contains("progress-1 1.0/2.0"));
        assertThat(withoutProgress(directOverHttp)).as("the tape's session is the one the HTTP server gives")
                .isEqualTo(withoutProgress(recorded));
        assertThat(withoutProgress(directOverSse)).as("the legacy tape's session is the one the SSE server gives")
                .isEqualTo(withoutProgress(recordedLegacy));

        for (String mode : MODES) {
            try (Replay replay = Replay.start("java-http", mode)) {
                List<String> overHttp = McpClientScript.run(streamable(URI.create(replay.url)), JAVA_FEATURES,
                        JAVA_SCRIPT);
                assertThat(withoutProgress(overHttp)).as("Streamable HTTP, match " + mode)
                        .isEqualTo(withoutProgress(directOverHttp));
                assertThat(overHttp).as("progress under the client's token, match " + mode)
                        .anySatisfy(r -> assertThat(r).startsWith("progress").contains("progress-1 1.0/2.0"));
                replay.stopAndExpect(1);
            }
            try (Replay replay = Replay.start("java-sse", mode)) {
                assertThat(withoutProgress(McpClientScript.run(sse(URI.create(replay.sseUrl())), JAVA_FEATURES,
                        JAVA_SCRIPT)))
                        .as("HTTP+SSE, match " + mode).isEqualTo(withoutProgress(directOverSse));
                replay.stopAndExpect(1);
            }
        }
    }

    /** The SDK's stdio client through {@code ./shadowcat record --tape-id ID -- SERVER}, offering {@code versions}. */
    private static McpClientTransport recording(String tapeId, List<String> server, List<String> versions) {
        List<String> command = Launchers.shadowcat(RecordReplayIT.concat(List.of("record", "--tape-id", tapeId, "--"), server));
        StdioClientTransport stdio = new StdioClientTransport(ServerParameters.builder(command.get(0))
                .args(command.subList(1, command.size())).env(TestStorage.env(tapes)).build(), McpClientScript.JSON);
        stdio.setStdErrorHandler(line -> System.err.println("[record stderr] " + line));
        return versions == null ? stdio : new OfferedVersions(stdio, versions);
    }

    /** A client transport offering other protocol revisions than the one it wraps (the rest is the wrapped one's). */
    private static final class OfferedVersions extends ForwardingClientTransport {
        private final List<String> versions;

        OfferedVersions(McpClientTransport transport, List<String> versions) {
            super(transport);
            this.versions = versions;
        }

        @Override
        public List<String> protocolVersions() {
            return versions;
        }
    }

    private static McpClientTransport streamable(URI mcp) {
        return HttpClientStreamableHttpTransport.builder(mcp.resolve("/").toString()).endpoint(mcp.getPath())
                .jsonMapper(McpClientScript.JSON).build();
    }

    private static McpClientTransport sse(URI sse) {
        return HttpClientSseClientTransport.builder(sse.resolve("/").toString()).sseEndpoint(sse.getPath())
                .jsonMapper(McpClientScript.JSON).build();
    }

    // --- processes ---

    /**
     * A replay over HTTP, started and ready: {@code ./shadowcat replay TAPE --listen 127.0.0.1:0 --match MODE
     * --ready-file F} for the default mode; for the other modes the same server in this JVM
     * ({@link HttpReplayServer}, what the command runs), since matching is the engine's and each launch costs
     * seconds of the CI budget.
     */
    private static final class Replay implements AutoCloseable {
        final String url;
        private final Process process;
        private final StderrWatch stderr;
        private final HttpReplayServer inProcess;

        private Replay(String url, Process process, StderrWatch stderr, HttpReplayServer inProcess) {
            this.url = url;
            this.process = process;
            this.stderr = stderr;
            this.inProcess = inProcess;
        }

        static Replay start(String tape, String mode) throws Exception {
            if (!mode.equals("method_params")) {
                HttpReplayServer server = HttpReplayServer.start(TestStorage.load(tapes, TapeId.of(tape)),
                        new ReplayOptions(MatchMode.parse(mode), 0), "127.0.0.1", 0);
                return new Replay(server.endpoint().toString(), null, null, server);
            }
            Path ready = tapes.resolve("ready-" + tape);
            ProcessBuilder pb = new ProcessBuilder(Launchers.shadowcat(List.of("replay", tape, "--listen", "127.0.0.1:0",
                    "--match", mode, "--ready-file", ready.toString())));
            pb.environment().putAll(TestStorage.env(tapes));
            Process p = pb.start();
            StderrWatch err = StderrWatch.of(p, "replay stderr");
            String listening = err.awaitListening(60);
            assertThat(listening).as("replay --listen prints where it listens").isNotNull();
            String url = listening.split(" ")[0];
            assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/mcp");
            assertThat(Files.readString(ready).trim()).as("--ready-file").isEqualTo(url);
            return new Replay(url, p, err, null);
        }

        String sseUrl() {
            return url.replaceFirst("/mcp$", "/sse");
        }

        /** Stops the replay (the command: SIGTERM), which served {@code sessions} sessions, every request answered. */
        void stopAndExpect(int sessions) throws Exception {
            if (inProcess != null) {
                inProcess.close();
                assertThat(inProcess.sessions()).isEqualTo(sessions);
                assertThat(inProcess.stats().unmatched()).isZero();
                return;
            }
            process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the pipes it has to read
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            stderr.join();
            assertThat(stderr.lines()).anySatisfy(l -> assertThat(l)
                    .contains(sessions + " sessions", "requests, 0 without a recorded response"));
        }

        @Override
        public void close() {
            if (inProcess != null) {
                inProcess.close();
            } else {
                process.destroyForcibly();
            }
        }
    }

    /** Starts the reference server on {@code port}, returning once it says it listens. */
    private static Process startEverything(String transport, int port, String readyText) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Launchers.installed(BIN).toString(), transport)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PORT", Integer.toString(port));
        Process p = pb.start();
        // read to the end, so the server never blocks on a full pipe
        StderrWatch err = StderrWatch.of(p, "everything " + transport);
        assertThat(err.awaitLine(l -> l.contains(readyText), 60)).as(BIN + " " + transport + " starts on port " + port)
                .isNotNull();
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
