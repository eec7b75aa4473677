package io.shadowcat.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadowcat record} with a storage that cannot be opened, in front of the reference MCP server
 * ({@code mcp-server-everything}): the session is relayed unrecorded after one warning naming the storage
 * and why; {@code --require-storage} makes it an error before the server starts.
 */
class RecordWithoutStorageIT {

    private static final String ECHO = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"still relayed\"}}}";

    @TempDir
    Path dir;

    @Test
    void aSqliteFileThatIsNotADatabaseIsWarnedAboutOnceAndTheSessionIsRelayed() throws Exception {
        Path db = dir.resolve("tapes.db");
        Files.writeString(db, "these are my notes, not a database\n");
        Session s = run(Map.of("SHADOWCAT_STORAGE_PROVIDER", "sqlite", "SHADOWCAT_STORAGE_PATH", db.toString()),
                List.of(), true);

        assertThat(s.answer).contains("still relayed");
        assertThat(s.exitCode).isZero();
        assertThat(Files.exists(dir.resolve("server-started"))).isTrue();
        assertThat(s.shadowcatLines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("shadowcat record: warning: storage sqlite (" + db + ") cannot be opened: ")
                .contains("is not an SQLite database").contains("NOT recorded").contains("--require-storage")
                .doesNotContain("Exception"));
        assertThat(Files.readString(db)).isEqualTo("these are my notes, not a database\n");
    }

    @Test
    void aTapeDirectoryUnderAFileIsWarnedAboutOnceAndTheSessionIsRelayed() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Path tapes = file.resolve("tapes");
        Session s = run(TestStorage.env(tapes), List.of(), true);

        assertThat(s.answer).contains("still relayed");
        assertThat(s.exitCode).isZero();
        assertThat(s.shadowcatLines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("shadowcat record: warning: storage filesystem (" + tapes + ") cannot be opened: ")
                .contains(file + " exists and is not a directory").doesNotContain("Exception"));
    }

    @Test
    void requireStorageFailsBeforeTheServerStarts() throws Exception {
        Path db = dir.resolve("tapes.db");
        Files.writeString(db, "not a database");
        Session s = run(Map.of("SHADOWCAT_STORAGE_PROVIDER", "sqlite", "SHADOWCAT_STORAGE_PATH", db.toString()),
                List.of("--require-storage"), false);

        assertThat(s.exitCode).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("server-started"))).isFalse();
        assertThat(s.shadowcatLines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("shadowcat: ").contains(db.toString()).contains("is not an SQLite database"));
    }

    /** What the client got and shadowcat said. */
    private record Session(String answer, int exitCode, List<String> stderr) {
        List<String> shadowcatLines() {
            // shadowcat's own lines and its log lines; the server's stderr passes through too
            return stderr.stream().filter(l -> l.startsWith("shadowcat") || l.matches("\\[(INFO|WARN|ERROR)\\].*"))
                    .toList();
        }
    }

    /**
     * Runs {@code shadowcat record [options] -- sh -c 'touch server-started; exec mcp-server-everything stdio'}
     * and, when {@code talk}, initializes the session and calls the echo tool, then closes stdin.
     */
    private Session run(Map<String, String> env, List<String> options, boolean talk) throws Exception {
        Path server = Launchers.installed("mcp-server-everything");
        List<String> command = new ArrayList<>(Launchers.javaMain(Main.class));
        command.add("record");
        command.addAll(options);
        command.addAll(List.of("--", "sh", "-c", "touch server-started; exec " + server + " stdio"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        CompletableFuture<List<String>> stderr = Launchers.stderrLines(p);
        String answer = null;
        try (OutputStream in = p.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8))) {
            if (talk) {
                StdioSession.send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}");
                StdioSession.awaitAnswer(out, 1);
                StdioSession.send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
                StdioSession.send(in, ECHO);
                answer = StdioSession.awaitAnswer(out, 2);
            }
        }
        int exit = p.waitFor();
        return new Session(answer, exit, stderr.get());
    }
}
