package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.Shadowcat;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record and replay commands' usage and errors, in process; sessions over real stdio are in the ITs. */
class RecordReplayCommandTest {

    @TempDir
    Path cwd;
    private CliRunner cli;

    @BeforeEach
    void isolateFromTheUsersConfig() {
        cli = new CliRunner(cwd);
    }

    @Test
    void helpDocumentsEveryOption() {
        assertThat(cli.run("record", "--help")).isZero();
        assertThat(cli.out()).contains("--name", "--tag", "--tape-id", "--redact", "--no-default-redactions",
                "--max-relay-wait", "default: 5s", "CMD");
        assertThat(cli.run("replay", "--help")).isZero();
        assertThat(cli.out()).contains("TAPE", "--match", "method_params", "sequential", "strict", "--speed");
    }

    @Test
    void recordNeedsAServerCommand() {
        assertThat(cli.run("record")).isEqualTo(ExitCode.USAGE);
        // a command or --upstream URL: which one is missing is the command's to say
        assertThat(cli.err()).contains("no server to record", "CMD", "--upstream URL");
    }

    @Test
    void aServerThatCannotStartIsOneLineAndExitCode127() {
        assertThat(cli.run("record", "--", "/no/such/mcp-server", "--stdio")).isEqualTo(RecordCommand.CANNOT_START);
        assertThat(cli.err().strip()).startsWith("shadowcat record: cannot start '/no/such/mcp-server --stdio'")
                .doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void badIdsAndKeysAreUsageErrorsBeforeAnythingStarts() {
        assertThat(cli.run("record", "--tape-id", "../escape", "--", "true")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("invalid tape id '../escape'").doesNotContain("at io.");
        assertThat(cli.run("record", "--redact", "_-", "--", "true")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("redaction key '_-'");
        Path marker = cwd.resolve("started");
        assertThat(cli.run("record", "--max-relay-wait", "soon", "--", "touch", marker.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("--max-relay-wait", "expected a duration such as 500ms, 5s or 1m, got 'soon'")
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

        assertThat(cli.run("record", "--tape-id", "taken", "--", "touch", marker.toString())).isEqualTo(ExitCode.FAILURE);

        assertThat(cli.err()).contains("tape already exists: taken");
        assertThat(marker).doesNotExist();
    }

    @Test
    void replayErrorsSayWhatIsWrong() throws java.io.IOException {
        java.nio.file.Files.createDirectories(cwd.resolve("tapes"));
        assertThat(cli.run("replay", "no-such-tape")).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(cli.err()).contains("tape not found: no-such-tape");
        assertThat(cli.run("replay", "t", "--match", "fuzzy")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("unknown match mode 'fuzzy': use one of method_params, sequential, strict");
        assertThat(cli.run("replay", "t", "--speed", "0")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("--speed must be a number above 0");
        assertThat(cli.run("replay", "bad/id")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("invalid tape id 'bad/id'");
    }
}
