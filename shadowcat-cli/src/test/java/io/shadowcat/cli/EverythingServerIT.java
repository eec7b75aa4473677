package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the reference MCP server from npm ({@code @modelcontextprotocol/server-everything}, installed
 * by {@code .ci/run}) through {@code ./shadowcat record}, then replays the tape to the same client.
 */
class EverythingServerIT {

    private static final String BIN = "mcp-server-everything";

    @TempDir
    Path tapes;

    private static final Consumer<McpClientScript.Steps> SCRIPT = s -> {
        s.note("tools", s.client.listTools());
        s.call("echo", Map.of("message", "Grüezi 日本語 🎉"));
        s.call("get-sum", Map.of("a", 19, "b", 23));
        s.call("get-tiny-image", Map.of());
        s.note("prompts", s.client.listPrompts());
        s.note("prompt", s.client.getPrompt(new McpSchema.GetPromptRequest("simple-prompt", Map.of())));
        s.note("read", s.client.readResource(
                new McpSchema.ReadResourceRequest("demo://resource/static/document/architecture.md")));
        s.note("ping", s.client.ping());
    };

    /** The whole session with every client feature: what the TypeScript script does too (stdio-session.mjs). */
    private static final Consumer<McpClientScript.Steps> WHOLE_SESSION = s -> {
        s.note("ping", s.client.ping());
        s.note("tools", s.client.listTools());
        s.note("resources", s.client.listResources());
        s.note("templates", s.client.listResourceTemplates());
        s.note("prompts", s.client.listPrompts());
        s.note("prompt", s.client.getPrompt(new McpSchema.GetPromptRequest("args-prompt",
                Map.of("city", "Zürich", "state", "ZH"))));
        s.note("read", s.client.readResource(
                new McpSchema.ReadResourceRequest("demo://resource/static/document/architecture.md")));
        s.call("get-sum", Map.of("a", 19, "b", 23.5));
        s.callWithProgress("trigger-long-running-operation", Map.of("duration", 0.3, "steps", 3), "steps-1");
        s.call("trigger-sampling-request", Map.of("prompt", "hi", "maxTokens", 5));
        s.call("trigger-elicitation-request", Map.of());
        s.call("get-roots-list", Map.of());
        s.client.setLoggingLevel(McpSchema.LoggingLevel.DEBUG);
        s.client.subscribeResource(new McpSchema.SubscribeRequest("demo://resource/dynamic/text/1"));
        s.client.unsubscribeResource(new McpSchema.UnsubscribeRequest("demo://resource/dynamic/text/1"));
        s.note("complete", s.client.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.PromptReference("completable-prompt"),
                new McpSchema.CompleteRequest.CompleteArgument("department", "E"))));
        s.call("no-such-tool", Map.of());
        s.call("get-sum", Map.of("a", "x"));
        s.failing("bad-prompt", () -> s.client.getPrompt(new McpSchema.GetPromptRequest("no-such-prompt", Map.of())));
        s.note("ping", s.client.ping());
    };

    /*
     * Issue 14: the whole session, direct vs recorded vs replayed in every match mode, with the MCP Java SDK
     * client and the TypeScript SDK client (which also cancels a request midway: the Java sync client cannot).
     */
    @Test
    void theWholeSessionIsTheSameDirectRecordedAndReplayedInEveryMatchMode() {
        String server = Launchers.installed(BIN).toString();
        Map<String, String> env = TestStorage.env(tapes);

        List<String> direct = McpClientScript.run(List.of(server, "stdio"), env, WHOLE_SESSION);
        List<String> recorded = McpClientScript.run(Launchers.shadowcat(
                List.of("record", "--tape-id", "java-session", "--", server, "stdio")), env, WHOLE_SESSION);
        assertThat(recorded).isEqualTo(direct);
        assertThat(recorded).anySatisfy(r -> assertThat(r).startsWith("progress").contains("steps-1 3.0/3.0"));
        assertThat(recorded).anySatisfy(r -> assertThat(r).startsWith("call trigger-sampling-request")
                .contains("sampled 1 message(s)"));
        for (String mode : List.of("method_params", "sequential", "strict")) {
            assertThat(McpClientScript.run(Launchers.shadowcat(List.of("replay", "java-session", "--match", mode)),
                    env, WHOLE_SESSION)).as("Java SDK client, replay --match %s", mode).isEqualTo(recorded);
        }

        List<String> tsDirect = TsClientScript.run("stdio-session.mjs", List.of(server, "stdio"), env);
        List<String> tsRecorded = TsClientScript.run("stdio-session.mjs", Launchers.shadowcat(
                List.of("record", "--tape-id", "ts-session", "--", server, "stdio")), env);
        assertThat(tsRecorded).isEqualTo(tsDirect);
        assertThat(tsRecorded).anySatisfy(r -> assertThat(r).startsWith("cancel ").contains("-32001"));
        for (List<String> args : List.of(List.of("--match", "method_params"), List.of("--match", "sequential"),
                List.of("--match", "strict"), List.of("--speed", "4"))) {
            List<String> replay = new java.util.ArrayList<>(List.of("replay", "ts-session"));
            replay.addAll(args);
            assertThat(TsClientScript.run("stdio-session.mjs", Launchers.shadowcat(replay), env))
                    .as("TypeScript SDK client, replay %s", args).isEqualTo(tsRecorded);
        }

        // the cancelled request is flagged on the tape
        Tape ts = TestStorage.load(tapes, TapeId.of("ts-session"));
        assertThat(ts.correlations()).filteredOn(c -> !c.answered()).singleElement()
                .satisfies(c -> assertThat(ts.frames().get((int) c.requestSeq()).toolName())
                        .isEqualTo("trigger-long-running-operation"));
        // and replay sends what the tape holds byte for byte: the recorded client lines played to it
        List<String> serverTexts = ts.frames().stream().filter(f -> f.direction() == Direction.SERVER_TO_CLIENT)
                .map(Frame::text).toList();
        String clientLines = ts.frames().stream().filter(f -> f.direction() == Direction.CLIENT_TO_SERVER)
                .map(f -> f.text() + "\n").collect(java.util.stream.Collectors.joining());
        assertThat(replayedLines(List.of("replay", "ts-session", "--match", "strict"), env, clientLines))
                .containsExactlyInAnyOrderElementsOf(serverTexts);
    }

    private static List<String> replayedLines(List<String> args, Map<String, String> env, String input) {
        try {
            ProcessBuilder pb = new ProcessBuilder(Launchers.shadowcat(args));
            pb.environment().putAll(env);
            Process p = pb.start();
            java.util.concurrent.CompletableFuture<List<String>> stderr = Launchers.stderrLines(p);
            try (java.io.OutputStream in = p.getOutputStream()) {
                in.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("replay exit code").isZero();
            stderr.join();
            return out.lines().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void theReferenceServerIsRecordedAndItsReplayAnswersTheSame() {
        Path server = Launchers.installed(BIN);
        Map<String, String> env = TestStorage.env(tapes);

        List<String> recorded = McpClientScript.run(Launchers.shadowcat(
                List.of("record", "--tape-id", "everything", "--", server.toString(), "stdio")), env, SCRIPT);
        List<String> replayed = McpClientScript.run(Launchers.shadowcat(List.of("replay", "everything")), env, SCRIPT);

        assertThat(replayed).isEqualTo(recorded);
        assertThat(recorded).anySatisfy(r -> assertThat(r).startsWith("call get-sum").contains("42"));
        assertThat(recorded).anySatisfy(r -> assertThat(r).startsWith("call echo").contains("Grüezi 日本語 🎉"));

        Tape tape = TestStorage.load(tapes, TapeId.of("everything"));
        assertThat(tape.metadata().status()).isEqualTo(TapeStatus.FINALIZED);
        assertThat(tape.metadata().name()).startsWith("mcp-servers/everything");
        assertThat(tape.header().protocolVersion()).isNotBlank();
        assertThat(tape.frames()).filteredOn(f -> f.direction() == Direction.SERVER_TO_CLIENT)
                .extracting(Frame::method).contains("notifications/tools/list_changed");
        assertThat(tape.correlations()).hasSizeGreaterThanOrEqualTo(8);
    }
}
