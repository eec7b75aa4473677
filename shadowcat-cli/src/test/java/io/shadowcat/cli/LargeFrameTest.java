package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A frame too large for the heap (issue 12, Shadowcat item 9): {@code show} and {@code export} at
 * {@code -Xmx1g} died with an uncaught {@code OutOfMemoryError} stack trace on a 200 MB message. Scaled down:
 * a 20 MiB message at {@code -Xmx64m}, in a real child JVM running the {@code shadowcat} main class. Each
 * command now ends with one line naming the frame, the tape and the line and exit code 1; a message under
 * the limit (a sixteenth of the heap) is still shown and exported whole at the same heap.
 */
class LargeFrameTest {

    private static final String HEAP = "-Xmx64m";

    @TempDir
    Path cwd;

    /** A filesystem tape "big": init, a small frame, a frame whose message holds {@code blob} bytes. */
    private void writeTape(int blob) throws IOException {
        Path tapes = Files.createDirectories(cwd.resolve("tapes"));
        StringBuilder s = new StringBuilder(blob + 512);
        s.append("{\"type\":\"init\",\"tape_id\":\"big\",\"created_at\":\"2026-01-01T00:00:00Z\"}\n");
        s.append("{\"type\":\"frame\",\"seq\":0,\"ts\":0,\"dir\":\"client_to_server\",\"env\":{\"message\":"
                + "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}}}\n");
        s.append("{\"type\":\"frame\",\"seq\":1,\"ts\":5,\"dir\":\"server_to_client\",\"env\":{\"message\":"
                + "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"blob\":\"");
        s.append("x".repeat(blob));
        s.append("\"}}}}\n");
        Files.writeString(tapes.resolve("big.jsonl"), s, StandardCharsets.UTF_8);
    }

    private record Run(int exit, String out, String err) {
    }

    private Run shadowcat(String... args) throws Exception {
        return shadowcatWithHeap(HEAP, args);
    }

    private Run shadowcatWithHeap(String heap, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                Main.class.getName()));
        command.addAll(List.of(args));
        Path out = cwd.resolve("out.txt");
        Path err = cwd.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("HOME", cwd.toString());
        pb.environment().remove("SHADOWCAT_STORAGE_PROVIDER");
        pb.environment().remove("SHADOWCAT_STORAGE_PATH");
        int exit = pb.start().waitFor();
        return new Run(exit, Files.readString(out), Files.readString(err));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tape show big", "tape show big --format json", "tape export big -o -",
        "tape export big -o exported"})
    void aFrameOverTheLimitIsOneClearErrorNotAnOutOfMemoryError(String command) throws Exception {
        writeTape(20 << 20);
        Run run = shadowcat(command.split(" "));
        assertThat(run.err()).doesNotContain("OutOfMemoryError").doesNotContain("Exception").doesNotContain("\tat ");
        List<String> lines = run.err().strip().lines().toList();
        // the last line is the error (a warning may come before it: the tape cannot be indexed either)
        assertThat(lines.get(lines.size() - 1)).startsWith("shadowcat: frame 1 of tape big (line 3 of ")
                .contains("big.jsonl) is 20.0 MiB, over the limit of ")
                .endsWith("run it with a larger heap, e.g. JAVA_OPTS=-Xmx512m (the tape is unchanged)");
        assertThat(run.exit()).isEqualTo(ExitCode.FAILURE);
        assertThat(cwd.resolve("exported/big.jsonl")).doesNotExist();
    }

    @Test
    void sqliteRefusesTheFrameTheSameWay() throws Exception {
        writeTape(20 << 20);
        Run imported = shadowcatWithHeap("-Xmx1g", "--storage", "sqlite:path=tapes.db", "tape", "import", "tapes");
        assertThat(imported.exit()).as(imported.err()).isZero();
        for (String command : List.of("tape show big --format json", "tape export big -o -")) {
            Run run = shadowcat(("--storage sqlite:path=tapes.db " + command).split(" "));
            assertThat(run.err()).as(command).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
            assertThat(run.err().strip()).as(command).startsWith("shadowcat: frame 1 of tape big (a row of table frames) is 20.0 MiB, over the limit of ")
                    .doesNotContain("\n");
            assertThat(run.exit()).as(command).isEqualTo(ExitCode.FAILURE);
        }
    }

    @Test
    void aFrameUnderTheLimitIsShownAndExportedWholeAtTheSameHeap() throws Exception {
        int blob = 3 << 20; // 3 MiB: under a sixteenth of a 64 MiB heap
        writeTape(blob);
        Run json = shadowcat("tape", "show", "big", "--format", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.out()).contains("x".repeat(blob));
        Run table = shadowcat("tape", "show", "big");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).contains(" " + (blob + 45) + "\n");
        Run export = shadowcat("tape", "export", "big", "-o", "exported");
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(Files.size(cwd.resolve("exported/big.jsonl"))).isGreaterThan(blob);
    }
}
