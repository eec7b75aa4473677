package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.testkit.ExampleTapes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TapeCommandsTest {

    private static final String EXAMPLE_ID = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @TempDir
    Path cwd;
    private final Map<String, String> env = new HashMap<>();
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void isolateFromTheUsersConfig() {
        env.put("HOME", cwd.toString());
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = ShadowcatCommand.commandLine(env, cwd, REGISTRY);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path example(String name) throws IOException {
        Path target = cwd.resolve("in").resolve(name);
        Files.createDirectories(target.getParent());
        Files.write(target, ExampleTapes.bytes(name));
        return target;
    }

    private void importExamples() throws IOException {
        Path jsonl = example("example-complete.jsonl");
        example("example-complete.meta.json");
        Files.move(jsonl, jsonl.resolveSibling(EXAMPLE_ID + ".jsonl"));
        Files.move(cwd.resolve("in/example-complete.meta.json"), cwd.resolve("in/" + EXAMPLE_ID + ".meta.json"));
        example("example-minimal.jsonl");
        assertThat(run("tape", "import", "in")).as(err.toString()).isZero();
    }

    /* Issue 14 fidelity item 7: a request the session ended without answering is flagged, and show says so. */
    @Test
    void showCountsTheRequestsWithoutAResponse() throws IOException {
        Path tape = cwd.resolve("in/open.jsonl");
        Files.createDirectories(tape.getParent());
        Files.writeString(tape, String.join("\n",
                "{\"type\":\"init\",\"version\":\"2.0\",\"tape_id\":\"open\",\"created_at\":\"2026-01-01T00:00:00.000Z\"}",
                "{\"type\":\"frame\",\"seq\":0,\"ts\":0,\"dir\":\"client_to_server\",\"env\":{\"message\":"
                        + "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"slow\"}}}",
                "{\"type\":\"correlation\",\"id\":\"corr-1\",\"request_seq\":0,\"response_seq\":null,\"request_ts\":0,"
                        + "\"response_ts\":null,\"rtt_ms\":null,\"status\":\"unanswered\"}", ""));
        assertThat(run("tape", "import", tape.toString())).as(err.toString()).isZero();
        assertThat(run("tape", "show", "open")).isZero();
        assertThat(out.toString()).containsPattern("requests +0 answered, 1 without a response");
        assertThat(run("tape", "show", "open", "--format", "json")).isZero();
        assertThat(TapeJson.parse(out.toString()).path("correlations").get(0).path("status").asText())
                .isEqualTo("unanswered");
    }

    @Test
    void importListShowSearchExportRemove() throws IOException {
        importExamples();
        assertThat(out.toString()).contains("imported " + EXAMPLE_ID + " (5 frames)")
                .contains("imported 550e8400-e29b-41d4-a716-446655440000 (0 frames)");
        assertThat(cwd.resolve("tapes/" + EXAMPLE_ID + ".jsonl")).exists();

        assertThat(run("tape", "list")).isZero();
        assertThat(out.toString()).contains("Complete Example Recording").contains("finalized").contains("example,test");
        assertThat(run("tape", "list", "--limit", "1", "--format", "json")).isZero();
        JsonNode list = TapeJson.parse(out.toString());
        assertThat(list.get("total").asInt()).isEqualTo(2);
        assertThat(list.get("tapes")).hasSize(1);
        assertThat(run("--format", "json", "tape", "list", "--tag", "documentation")).isZero();
        assertThat(TapeJson.parse(out.toString()).path("tapes").get(0).path("id").asText()).isEqualTo(EXAMPLE_ID);

        assertThat(run("tape", "show", EXAMPLE_ID, "--format", "json")).as(err.toString()).isZero();
        JsonNode shown = TapeJson.parse(out.toString());
        assertThat(shown.path("metadata").path("name").asText()).isEqualTo("Complete Example Recording");
        assertThat(shown.path("init").path("session_id").asText()).isEqualTo("session-123");
        assertThat(shown.path("frames")).hasSize(5);
        assertThat(shown.path("frames").get(3).path("env").path("message").path("result").path("tools").get(0)
                .path("name").asText()).isEqualTo("calculator");
        assertThat(shown.path("correlations")).hasSize(2);
        assertThat(run("tape", "show", EXAMPLE_ID)).isZero();
        assertThat(out.toString()).contains("tools/list").contains("notification").contains("session-123")
                .containsPattern("requests +2 answered\n");

        assertThat(run("tape", "search", "calculator")).isZero();
        assertThat(out.toString()).contains(EXAMPLE_ID).doesNotContain("550e8400");
        assertThat(run("tape", "search", "method:tools/list", "--format", "json")).isZero();
        assertThat(TapeJson.parse(out.toString()).path("hits").get(0).path("tape").path("id").asText())
                .isEqualTo(EXAMPLE_ID);

        assertThat(run("tape", "export", EXAMPLE_ID, "-o", "out")).as(err.toString()).isZero();
        assertThat(cwd.resolve("out/" + EXAMPLE_ID + ".jsonl")).exists();
        assertThat(TapeJson.mapper().readTree(cwd.resolve("out/" + EXAMPLE_ID + ".meta.json").toFile())
                .path("stats").path("frame_count").asInt()).isEqualTo(5);
        assertThat(run("tape", "export", EXAMPLE_ID, "-o", "out")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--force");
        assertThat(run("tape", "export", EXAMPLE_ID, "-o", "-")).isZero();
        assertThat(out.toString().split("\n")).hasSize(9);

        assertThat(run("tape", "rm", EXAMPLE_ID)).isZero();
        assertThat(run("tape", "show", EXAMPLE_ID)).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(err.toString().trim()).isEqualTo("shadowcat: tape not found: " + EXAMPLE_ID);
        assertThat(run("tape", "rm", EXAMPLE_ID)).isEqualTo(ExitCode.NOT_FOUND);

        // What was exported imports back as the same tape.
        assertThat(run("tape", "import", "out/" + EXAMPLE_ID + ".jsonl")).as(err.toString()).isZero();
        assertThat(run("tape", "show", EXAMPLE_ID, "--format", "json")).isZero();
        assertThat(TapeJson.parse(out.toString()).path("frames")).isEqualTo(shown.path("frames"));
    }

    @Test
    void importsLegacyJsonAndRefusesDuplicatesUnlessForced() throws IOException {
        Files.writeString(cwd.resolve("old.json"), "{\"metadata\":{\"id\":\"old-1\",\"name\":\"Old\","
                + "\"created_at\":\"2024-01-01T00:00:00Z\",\"tags\":[]},\"frames\":[{\"direction\":\"ClientToServer\","
                + "\"timestamp\":\"2024-01-01T00:00:01Z\",\"message\":{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}}]}");
        assertThat(run("tape", "import", "old.json")).as(err.toString()).isZero();
        assertThat(run("tape", "import", "old.json")).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("already stored");
        assertThat(run("tape", "import", "--force", "old.json")).isZero();
        assertThat(run("tape", "import", "--id", "renamed", "old.json")).isZero();
        assertThat(run("tape", "list", "--format", "json")).isZero();
        assertThat(TapeJson.parse(out.toString()).path("total").asInt()).isEqualTo(2);
        Files.writeString(cwd.resolve("junk.json"), "{\"hello\":1}");
        assertThat(run("tape", "import", "junk.json")).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("junk.json").contains("not a Shadowcat tape");
    }

    @Test
    void anInterruptedImportResumesWithSkipExisting() throws IOException {
        importExamples();
        // Rerun over the same files and one more: only the new one is stored.
        Files.writeString(cwd.resolve("in/late-1.jsonl"), Files.readString(cwd.resolve("in/example-minimal.jsonl"))
                .replace("550e8400-e29b-41d4-a716-446655440000", "late-1"));
        assertThat(run("tape", "import", "--skip-existing", "in")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("skipped " + EXAMPLE_ID).contains("already stored, identical")
                .contains("imported late-1");
        assertThat(run("tape", "import", "in")).isEqualTo(ExitCode.FAILURE); // without it, as before
        assertThat(err.toString()).contains("already stored (use --force");
        assertThat(run("tape", "list", "--format", "json")).isZero();
        assertThat(TapeJson.parse(out.toString()).path("total").asInt()).isEqualTo(3);

        // A different tape under a stored id is not skipped: it is an error and the stored one stays.
        Path other = cwd.resolve("other/late-1.jsonl");
        Files.createDirectories(other.getParent());
        Files.writeString(other, Files.readString(cwd.resolve("in/late-1.jsonl")).replace("test-session", "other-session"));
        assertThat(run("tape", "import", "--skip-existing", "other")).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("late-1").contains("already stored with different content");
        assertThat(run("tape", "import", "--skip-existing", "--force", "in")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void storageIsChosenByFlagEnvironmentOrConfigFile() throws IOException {
        importExamples();
        // Reading commands never create a storage: one that is not there is an error naming it.
        assertThat(run("--storage", "filesystem:path=elsewhere", "tape", "list", "--format", "json"))
                .isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("no such tape directory: " + cwd.resolve("elsewhere"));
        Files.createDirectories(cwd.resolve("elsewhere"));
        assertThat(run("--storage", "filesystem:path=elsewhere", "tape", "list", "--format", "json")).isZero();
        assertThat(TapeJson.parse(out.toString()).path("total").asInt()).isZero();
        env.put("SHADOWCAT_STORAGE_PATH", "elsewhere");
        assertThat(run("tape", "stats", "--format", "json")).isZero();
        assertThat(TapeJson.parse(out.toString()).path("tapes").asInt()).isZero();
        env.remove("SHADOWCAT_STORAGE_PATH");
        Files.writeString(cwd.resolve("shadowcat.toml"), "[recorder.storage]\nprovider = \"filesystem\"\n"
                + "[recorder.storage.settings]\npath = \"tapes\"\n");
        assertThat(run("tape", "stats", "--format", "json")).isZero();
        assertThat(TapeJson.parse(out.toString()).path("tapes").asInt()).isEqualTo(2);
        assertThat(TapeJson.parse(out.toString()).path("frames").asInt()).isEqualTo(5);
    }

    @Test
    void badInputIsOneLineWithTheRightExitCode() throws IOException {
        Files.createDirectories(cwd.resolve("tapes"));
        assertThat(run("--storage", "filesystem:durability=sometimes", "tape", "list")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString().trim()).startsWith("shadowcat: invalid storage setting filesystem.durability")
                .contains("--storage").doesNotContain("\n").doesNotContain("Exception");
        assertThat(run("--storage", "nosuch", "tape", "list")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("unknown storage provider: nosuch");
        assertThat(run("tape", "show", "../etc/passwd")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString().trim()).startsWith("shadowcat: invalid tape id '../etc/passwd'");
        assertThat(run("tape", "search", "methd:x")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("unknown search filter 'methd:'");
        Files.writeString(cwd.resolve("bad.toml"), "[recorder.storage\n");
        assertThat(run("--config", "bad.toml", "tape", "list")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("bad.toml").contains("not valid TOML");
        assertThat(run("tape", "import", "missing.jsonl")).isEqualTo(ExitCode.USAGE);
        assertThat(run("-v", "tape", "show", "nope")).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(err.toString()).contains("TapeNotFoundException");
    }

    @Test
    void providersAreListedWithVersionAndCapabilities() {
        assertThat(run("providers", "list")).isZero();
        assertThat(out.toString()).contains("filesystem (default)").contains("memory").contains("sqlite")
                .contains("local_storage");
        assertThat(run("providers", "list", "--format", "json")).isZero();
        JsonNode list = TapeJson.parse(out.toString());
        assertThat(list.findValuesAsText("name")).contains("filesystem", "memory", "sqlite", "redis", "postgres", "s3");
        assertThat(run("providers", "info", "filesystem")).isZero();
        assertThat(out.toString()).contains("durability").contains("retention_max_age").contains("compression");
        assertThat(run("providers", "info", "nosuch")).isEqualTo(ExitCode.USAGE);
    }
}
