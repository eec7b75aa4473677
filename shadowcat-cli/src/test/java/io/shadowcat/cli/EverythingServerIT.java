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
