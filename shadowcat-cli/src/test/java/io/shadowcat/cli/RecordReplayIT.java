package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the built launcher: the MCP Java SDK client talks to an MCP Java SDK server through
 * {@code ./shadowcat record}, then to {@code ./shadowcat replay} of the tape, and gets the same results.
 */
class RecordReplayIT {

    @TempDir
    Path tapes;

    private Map<String, String> storageEnv() {
        return TestStorage.env(tapes);
    }

    private static final Consumer<McpClientScript.Steps> SCRIPT = s -> {
        s.note("tools", s.client.listTools());
        s.call("add", Map.of("a", 2, "b", 40));
        s.call("echo", Map.of("text", "Zürich 日本語 🎉 \"quoted\"\n"));
        s.call("add", Map.of("a", 2, "b", 40));
        s.call("fail", Map.of());
        s.note("resources", s.client.listResources());
        s.note("read", s.client.readResource(new McpSchema.ReadResourceRequest("mem://greeting")));
        s.note("prompts", s.client.listPrompts());
        s.note("prompt", s.client.getPrompt(new McpSchema.GetPromptRequest("greet", Map.of("name", "Ann"))));
        s.note("ping", s.client.ping());
    };

    @Test
    void theSdkClientGetsTheSameResultsFromTheReplayAsFromTheRecordedServer() {
        List<String> server = Launchers.javaMain(SdkStdioServer.class);

        List<String> direct = McpClientScript.run(server, Map.of(), SCRIPT);
        List<String> recorded = McpClientScript.run(Launchers.shadowcat(
                concat(List.of("record", "--tape-id", "sdk-e2e", "--name", "sdk session", "--tag", "e2e", "--"), server)),
                storageEnv(), SCRIPT);
        List<String> replayed = McpClientScript.run(Launchers.shadowcat(List.of("replay", "sdk-e2e")), storageEnv(), SCRIPT);

        assertThat(recorded).isEqualTo(direct);
        assertThat(replayed).isEqualTo(recorded);
        assertThat(recorded).anySatisfy(r -> assertThat(r).startsWith("call add").contains("\"42\""));
        assertThat(recorded).last().asString().contains("echoing Zürich");

        Tape tape = load(TapeId.of("sdk-e2e"));
        assertThat(tape.metadata().name()).isEqualTo("sdk session");
        assertThat(tape.metadata().tags()).containsExactly("e2e");
        assertThat(tape.metadata().status()).isEqualTo(TapeStatus.FINALIZED);
        assertThat(tape.header().protocolVersion()).isNotBlank();
        assertThat(tape.metadata().description()).contains("shadowcat-e2e-client 1.0.0", "shadowcat-e2e-server 1.0.0");
        assertThat(tape.metadata().transport().command()).endsWith("java");
        List<Frame> frames = tape.frames();
        assertThat(frames.get(0).method()).isEqualTo("initialize");
        assertThat(frames).filteredOn(f -> f.direction() == Direction.CLIENT_TO_SERVER)
                .extracting(Frame::method).contains("notifications/initialized", "tools/list", "tools/call",
                        "resources/read", "prompts/get", "ping");
        assertThat(frames).anySatisfy(f -> assertThat(f.method()).isEqualTo("notifications/message"));
        // every request has its response, paired with a round-trip time
        long requests = frames.stream().filter(f -> f.direction() == Direction.CLIENT_TO_SERVER
                && f.flags().requiresResponse()).count();
        assertThat(tape.correlations()).hasSize((int) requests);
        for (Correlation c : tape.correlations()) {
            assertThat(frames.get((int) c.responseSeq()).message().get("id"))
                    .isEqualTo(frames.get((int) c.requestSeq()).message().get("id"));
            assertThat(c.rttMs()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aRequestTheTapeCannotAnswerIsErrorMinus32010() {
        List<String> server = Launchers.javaMain(SdkStdioServer.class);
        McpClientScript.run(Launchers.shadowcat(concat(List.of("record", "--tape-id", "short", "--"), server)),
                storageEnv(), s -> s.call("add", Map.of("a", 1, "b", 1)));

        List<String> replayed = McpClientScript.run(Launchers.shadowcat(List.of("replay", "short", "--match", "strict")),
                storageEnv(), s -> {
                    s.call("add", Map.of("a", 1, "b", 1));
                    assertThatThrownBy(() -> s.call("add", Map.of("a", 1, "b", 2)))
                            .isInstanceOfSatisfying(McpError.class, e -> {
                                assertThat(e.getJsonRpcError().code()).isEqualTo(-32010);
                                assertThat(e.getJsonRpcError().message()).contains("tools/call", "strict");
                            });
                });
        assertThat(replayed).anySatisfy(r -> assertThat(r).startsWith("call add").contains("\"2\""));
    }

    /* Issue 14 fidelity item 7: replay exited 0 however many requests it could not answer; --fail-on-miss is for CI. */
    @Test
    void failOnMissExitsOneWhenARequestHadNoRecordedResponse() throws Exception {
        try (io.shadowcat.Shadowcat s = io.shadowcat.Shadowcat.builder()
                .withStorage("filesystem", Map.of("path", tapes.toString())).build()) {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            s.storage().save(new Tape(new io.shadowcat.tape.TapeHeader(TapeId.of("tiny"), "s",
                    java.time.Instant.parse("2026-01-01T00:00:00Z"), "2025-06-18", null), List.of(
                    io.shadowcat.tape.Frame.of(0, 0, io.shadowcat.tape.Direction.CLIENT_TO_SERVER,
                            json.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")),
                    io.shadowcat.tape.Frame.of(1, 1, io.shadowcat.tape.Direction.SERVER_TO_CLIENT,
                            json.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}"))), List.of()));
        }
        Path input = tapes.resolve("client.jsonl");
        java.nio.file.Files.writeString(input, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"prompts/list\"}\n");
        assertThat(replayExit(input, "tiny")).as("without --fail-on-miss").isZero();
        Path err = tapes.resolve("err.txt");
        assertThat(replayExit(input, "tiny", "--fail-on-miss")).isEqualTo(1);
        assertThat(java.nio.file.Files.readString(err)).contains("1 of 2 requests had no recorded response");
        java.nio.file.Files.writeString(input, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}\n");
        assertThat(replayExit(input, "tiny", "--fail-on-miss")).as("every request answered").isZero();
    }

    private int replayExit(Path input, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Launchers.shadowcat(concat(List.of("replay"), List.of(args))))
                .redirectInput(input.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(tapes.resolve("err.txt").toFile());
        pb.environment().putAll(storageEnv());
        Process p = pb.start();
        return p.waitFor();
    }

    private Tape load(TapeId id) {
        return TestStorage.load(tapes, id);
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
