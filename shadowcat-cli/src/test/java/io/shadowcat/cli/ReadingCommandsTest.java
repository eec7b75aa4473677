package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.StorageRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Commands that only read never create storage: a storage that does not exist is an error naming it. */
class ReadingCommandsTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @TempDir
    Path cwd;
    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = ShadowcatCommand.commandLine(Map.of("HOME", cwd.toString()), cwd, REGISTRY);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private void assertNothingCreated() throws IOException {
        try (Stream<Path> left = Files.list(cwd)) {
            assertThat(left).as("files the command created").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tape list", "tape show t1", "tape search weather", "tape export t1 -o -", "tape stats",
        "tape rm t1", "replay t1"})
    void aMissingTapeDirectoryIsAnErrorNamingIt(String command) throws IOException {
        assertThat(run(command.split(" "))).as(err.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString().strip()).startsWith("shadowcat: no such tape directory: " + cwd.resolve("tapes"))
                .doesNotContain("\n").doesNotContain("Exception");
        assertNothingCreated();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tape list", "tape show t1", "tape stats", "tape rm t1"})
    void aMistypedSqliteDatabaseIsAnErrorNamingIt(String command) throws IOException {
        String[] args = (command + " --storage sqlite:path=typo.db").split(" ");
        assertThat(run(args)).as(err.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString().strip()).startsWith("shadowcat: no such sqlite database: " + cwd.resolve("typo.db"))
                .doesNotContain("\n");
        assertNothingCreated();
    }

    @Test
    void aMigrationNeedsAnExistingSourceAndCreatesItsDestination() throws IOException {
        assertThat(run("tape", "migrate", "--from", "filesystem:path=nothere", "--to", "sqlite:path=new.db"))
                .isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("no such tape directory: " + cwd.resolve("nothere"));
        assertNothingCreated();
        Files.createDirectories(cwd.resolve("old"));
        assertThat(run("tape", "migrate", "--from", "filesystem:path=old", "--to", "sqlite:path=new.db"))
                .as(err.toString()).isZero();
        assertThat(cwd.resolve("new.db")).isRegularFile();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite:path=", "filesystem:path=", "sqlite:path= "})
    void anEmptyPathIsAUsageError(String spec) throws IOException {
        assertThat(run("tape", "list", "--storage", spec)).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString().strip()).contains(".path: empty path").doesNotContain("\n");
        assertNothingCreated();
    }

    @Test
    void writingCommandsCreateTheStorageThatReadingCommandsThenRead() throws IOException {
        Files.writeString(cwd.resolve("t1.jsonl"), "{\"type\":\"init\",\"tape_id\":\"t1\",\"created_at\":"
                + "\"2026-01-01T00:00:00Z\"}\n");
        assertThat(run("tape", "import", "t1.jsonl", "--storage", "sqlite:path=db/tapes.db")).as(err.toString()).isZero();
        assertThat(run("tape", "list", "--storage", "sqlite:path=db/tapes.db")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("t1");
        assertThat(run("tape", "import", "t1.jsonl")).as(err.toString()).isZero();
        assertThat(run("tape", "rm", "t1")).as(err.toString()).isZero();
        assertThat(run("tape", "list")).as(err.toString()).isZero();
    }
}
