package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.Shadowcat;
import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The record and replay commands' usage and errors, in process; sessions over real stdio are in the ITs. */
class RecordReplayCommandTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @TempDir
    Path cwd;
    private final Map<String, String> env = new HashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void isolateFromTheUsersConfig() {
        env.put("HOME", cwd.toString());
    }

    private int run(String... args) {
        CommandLine cli = ShadowcatCommand.commandLine(env, cwd, REGISTRY);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpDocumentsEveryOption() {
        assertThat(run("record", "--help")).isZero();
        assertThat(out.toString()).contains("--name", "--tag", "--tape-id", "--redact", "--no-default-redactions",
                "--max-relay-wait", "default: 5s", "CMD");
        assertThat(run("replay", "--help")).isZero();
        assertThat(out.toString()).contains("TAPE", "--match", "method_params", "sequential", "strict", "--speed");
    }

    @Test
    void recordNeedsAServerCommand() {
        assertThat(run("record")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("Missing required parameter", "CMD");
    }

    @Test
    void aServerThatCannotStartIsOneLineAndExitCode127() {
        assertThat(run("record", "--", "/no/such/mcp-server", "--stdio")).isEqualTo(RecordCommand.CANNOT_START);
        assertThat(err.toString().strip()).startsWith("shadowcat record: cannot start '/no/such/mcp-server --stdio'")
                .doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void badIdsAndKeysAreUsageErrorsBeforeAnythingStarts() {
        assertThat(run("record", "--tape-id", "../escape", "--", "true")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("invalid tape id '../escape'").doesNotContain("at io.");
        assertThat(run("record", "--redact", "_-", "--", "true")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("redaction key '_-'");
        Path marker = cwd.resolve("started");
        assertThat(run("record", "--max-relay-wait", "soon", "--", "touch", marker.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--max-relay-wait", "expected a duration such as 500ms, 5s or 1m, got 'soon'")
                .doesNotContain("Exception");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aTakenTapeIdIsRefusedWithoutStartingTheServer() {
        try (Shadowcat s = Shadowcat.builder().withStorage("filesystem", Map.of("path", cwd.resolve("tapes").toString()))
                .build()) {
            s.storage().openWriter(TapeHeader.start(TapeId.of("taken"), "s", "old")).close();
        }
        Path marker = cwd.resolve("started");

        assertThat(run("record", "--tape-id", "taken", "--", "touch", marker.toString())).isEqualTo(ExitCode.FAILURE);

        assertThat(err.toString()).contains("tape already exists: taken");
        assertThat(marker).doesNotExist();
    }

    @Test
    void replayErrorsSayWhatIsWrong() throws java.io.IOException {
        java.nio.file.Files.createDirectories(cwd.resolve("tapes"));
        assertThat(run("replay", "no-such-tape")).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(err.toString()).contains("tape not found: no-such-tape");
        assertThat(run("replay", "t", "--match", "fuzzy")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("unknown match mode 'fuzzy': use one of method_params, sequential, strict");
        assertThat(run("replay", "t", "--speed", "0")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--speed must be a number above 0");
        assertThat(run("replay", "bad/id")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("invalid tape id 'bad/id'");
    }
}
