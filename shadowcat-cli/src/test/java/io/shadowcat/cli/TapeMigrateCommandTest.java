package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.testkit.SampleTapes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code shadowcat tape migrate} and the batched {@code tape import} into sqlite. */
class TapeMigrateCommandTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();
    private static final int TAPES = 12;

    @TempDir
    Path cwd;
    private final Map<String, String> env = new HashMap<>();
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void fillFilesystemStore() {
        env.put("HOME", cwd.toString());
        try (TapeStorageBackend fs = open("filesystem", "path", cwd.resolve("tapes").toString())) {
            for (int i = 0; i < TAPES; i++) {
                fs.save(SampleTapes.tape(i, "tape-" + i, 20 + i, i));
            }
        }
    }

    private static TapeStorageBackend open(String provider, String key, String value) {
        return REGISTRY.create(provider, StorageSettings.of(provider, Map.of(key, value)));
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = ShadowcatCommand.commandLine(env, cwd, REGISTRY);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void migratesFilesystemToSqliteAndBackThenResumes() {
        assertThat(run("tape", "migrate", "--from", "filesystem:path=tapes", "--to", "sqlite:path=db/tapes.db"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("12 copied, 0 already identical, 0 conflicts, 0 failed");
        assertThat(run("--storage", "sqlite:path=db/tapes.db", "tape", "list", "--format", "json")).isZero();
        assertThat(TapeJson.parse(out.toString()).path("total").asInt()).isEqualTo(TAPES);

        // again: nothing to copy
        assertThat(run("tape", "migrate", "--from", "filesystem:path=tapes", "--to", "sqlite:path=db/tapes.db",
                "--format", "json")).isZero();
        JsonNode summary = TapeJson.parse(out.toString());
        assertThat(summary.path("copied").asInt()).isZero();
        assertThat(summary.path("identical").asInt()).isEqualTo(TAPES);
        assertThat(summary.path("complete").asBoolean()).isTrue();

        // back into a new filesystem store, the configured one (--to left out)
        env.put("SHADOWCAT_STORAGE_PROVIDER", "filesystem");
        env.put("SHADOWCAT_STORAGE_PATH", "back");
        assertThat(run("tape", "migrate", "--from", "sqlite:path=db/tapes.db", "--progress")).as(err.toString()).isZero();
        assertThat(err.toString()).contains("migrating 100% [").contains("12/12 tapes");
        try (TapeStorageBackend first = open("filesystem", "path", cwd.resolve("tapes").toString());
             TapeStorageBackend last = open("filesystem", "path", cwd.resolve("back").toString())) {
            for (int i = 0; i < TAPES; i++) {
                TapeId id = TapeId.of("tape-" + i);
                assertThat(io.shadowcat.storage.migrate.TapeDigest.of(last, id)).isEqualTo(io.shadowcat.storage.migrate.TapeDigest.of(first, id));
            }
        }
    }

    @Test
    void conflictsAreReportedLeftAloneAndFailTheRun() {
        try (TapeStorageBackend db = open("sqlite", "path", cwd.resolve("tapes.db").toString())) {
            db.save(SampleTapes.tape(999, "tape-3", 5, 1));
        }
        assertThat(run("tape", "migrate", "--from", "filesystem:path=tapes", "--to", "sqlite", "--delete-source"))
                .isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("shadowcat: tape tape-3: conflict: the destination holds a different tape");
        assertThat(out.toString()).contains("11 copied").contains("1 conflicts").contains("11 deleted from the source");
        try (TapeStorageBackend fs = open("filesystem", "path", cwd.resolve("tapes").toString());
             TapeStorageBackend db = open("sqlite", "path", cwd.resolve("tapes.db").toString())) {
            assertThat(fs.list(TapeQuery.all()).items()).extracting(s -> s.id().value()).containsExactly("tape-3");
            assertThat(db.load(TapeId.of("tape-3")).frames()).hasSize(5);
            assertThat(db.list(TapeQuery.all()).total()).isEqualTo(TAPES);
        }
    }

    @Test
    void deleteSourceIntoAStoreWithRetentionKeepsTheSourcesOfDroppedCopiesAndSaysSo() {
        assertThat(run("tape", "migrate", "--from", "filesystem:path=tapes",
                "--to", "filesystem:path=kept,retention_max_count=3", "--delete-source")).isEqualTo(ExitCode.FAILURE);
        assertThat(out.toString()).contains("12 copied").contains("3 deleted from the source")
                .contains("9 no longer in the destination (their source kept)");
        assertThat(err.toString()).contains("source kept: the destination no longer holds the verified copy")
                .doesNotContain("disappeared from the source");
        try (TapeStorageBackend fs = open("filesystem", "path", cwd.resolve("tapes").toString());
             TapeStorageBackend kept = open("filesystem", "path", cwd.resolve("kept").toString())) {
            List<String> left = fs.list(TapeQuery.all()).items().stream().map(s -> s.id().value()).toList();
            List<String> copied = kept.list(TapeQuery.all()).items().stream().map(s -> s.id().value()).toList();
            assertThat(copied).hasSize(3).doesNotContainAnyElementsOf(left);
            assertThat(left).hasSize(TAPES - 3);
        }
    }

    @Test
    void badArgumentsAreOneLineUsageErrors() {
        assertThat(run("tape", "migrate")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--from").contains("--to");
        assertThat(run("tape", "migrate", "--from", "filesystem:path=tapes", "--to", "filesystem:path=./tapes/"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("same storage");
        assertThat(run("tape", "migrate", "--from", "nosuch:x=1", "--to", "sqlite")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString().trim()).startsWith("shadowcat: unknown storage provider: nosuch").doesNotContain("\n");
        assertThat(run("tape", "migrate", "--from", "filesystem", "--to", "sqlite:synchronous=fast"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(err.toString().trim()).contains("sqlite.synchronous").doesNotContain("\n");
        assertThat(Files.exists(cwd.resolve("tapes.db"))).isFalse();
    }

    @Test
    void corruptDatabaseIsAOneLineErrorAndStaysUnchanged() throws Exception {
        Path db = cwd.resolve("broken.db");
        Files.writeString(db, "this is not a database\n");
        assertThat(run("tape", "migrate", "--from", "filesystem:path=tapes", "--to", "sqlite:path=broken.db"))
                .isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString().trim()).startsWith("shadowcat: ").contains("sqlite database ").contains("broken.db")
                .contains("not an SQLite database").doesNotContain("\n");
        assertThat(Files.readString(db)).isEqualTo("this is not a database\n");
    }

    @Test
    void importsADirectoryIntoSqliteInBatches() {
        assertThat(run("--storage", "sqlite:path=imported.db", "tape", "import", "tapes")).as(err.toString()).isZero();
        assertThat(out.toString().lines().filter(l -> l.startsWith("imported tape-"))).hasSize(TAPES);
        try (TapeStorageBackend db = open("sqlite", "path", cwd.resolve("imported.db").toString())) {
            for (int i = 0; i < TAPES; i++) {
                Tape expected = SampleTapes.tape(i, "tape-" + i, 20 + i, i);
                assertThat(db.load(expected.id()).frames()).isEqualTo(expected.frames());
            }
            assertThat(db.search(SearchQuery.parse("tag:sample")).total()).isEqualTo(TAPES);
        }
        // again: every tape is already stored
        assertThat(run("--storage", "sqlite:path=imported.db", "tape", "import", "tapes")).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("already stored").contains("imported 0 of 12 files");
        assertThat(run("--storage", "sqlite:path=imported.db", "tape", "import", "tapes", "--force")).isZero();
        assertThat(out.toString().lines().filter(l -> l.startsWith("imported tape-"))).hasSize(TAPES);
    }

    @Test
    void searchHelpDocumentsTheQuerySyntax() {
        assertThat(run("tape", "search", "--help")).isZero();
        for (String part : List.of("\"a phrase\"", "method:M", "tool:NAME", "tag:T", "session:ID", "status:S",
                "after:DATE", "before:DATE", "--limit", "--offset")) {
            assertThat(out.toString()).contains(part);
        }
        assertThat(run("tape", "migrate", "--help")).isZero();
        assertThat(out.toString()).contains("--from").contains("--to").contains("--delete-source");
    }
}
