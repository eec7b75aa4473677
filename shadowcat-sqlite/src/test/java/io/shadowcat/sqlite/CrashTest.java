package io.shadowcat.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A recording JVM killed with SIGKILL loses at most its last, uncommitted batch, and its tape is then reported
 * as an error (its writer's lock is gone), which the next writing open records.
 */
class CrashTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "batch {0}, killed after {1} frames")
    @CsvSource({"10, 37", "10, 40", "7, 1", "25, 99"})
    void killedBetweenAppendsKeepsEveryCommittedBatch(int batch, int appended) throws Exception {
        Path db = dir.resolve("crash.db");
        long seed = batch * 1000L + appended;
        try (ChildJvm child = new ChildJvm(dir.resolve("child.err"), "stepwise", db.toString(), "rec",
                String.valueOf(seed), String.valueOf(batch))) {
            assertThat(child.readLine()).isEqualTo("ready");
            for (int i = 1; i <= appended; i++) {
                child.send("append");
                assertThat(child.readLine()).isEqualTo("ok " + i);
            }
            try (SqliteTapeStore reader = openForReading(db)) {
                assertThat(reader.header(TapeId.of("rec")).metadata().status()).as("recorded by a live process")
                        .isEqualTo(TapeStatus.RECORDING);
                assertThatThrownBy(() -> reader.delete(TapeId.of("rec"))).isInstanceOf(StorageException.class)
                        .hasMessageContaining("another process records it");
            }
            child.kill();
        }
        // Its writer is gone: reading opens report an error and write nothing; the next writing open marks it.
        try (SqliteTapeStore reader = openForReading(db)) {
            assertThat(reader.header(TapeId.of("rec")).metadata().status()).isEqualTo(TapeStatus.ERROR);
            assertThat(reader.list(TapeQuery.all()).items().get(0).status()).isEqualTo(TapeStatus.ERROR);
            // Filters see what is reported: the stored status is still recording (checked below).
            assertThat(reader.list(TapeQuery.all().withStatus(TapeStatus.ERROR)).items())
                    .extracting(s -> s.id().value()).containsExactly("rec");
            assertThat(reader.list(TapeQuery.all().withStatus(TapeStatus.ERROR)).total()).isEqualTo(1);
            assertThat(reader.list(TapeQuery.all().withStatus(TapeStatus.RECORDING)).items()).isEmpty();
            assertThat(reader.search(io.shadowcat.storage.query.SearchQuery.parse("status:error")).items())
                    .extracting(h -> h.tape().status()).containsExactly(TapeStatus.ERROR);
            assertThat(reader.search(io.shadowcat.storage.query.SearchQuery.parse("status:recording")).items()).isEmpty();
            assertThat(reader.search(io.shadowcat.storage.query.SearchQuery.parse("tools")).items())
                    .extracting(h -> h.tape().status()).allMatch(st -> st == TapeStatus.ERROR);
        }
        assertThat(storedStatus(db)).isEqualTo("recording");
        int committed = (appended / batch) * batch;
        assertRecovered(db, seed, batch, committed, committed);
    }

    @ParameterizedTest(name = "batch {0}, killed after {1} commits")
    @CsvSource({"5, 3", "50, 11", "200, 2"})
    void killedWhileFloodingKeepsWholeBatchesOnly(int batch, int commits) throws Exception {
        Path db = dir.resolve("flood.db");
        long seed = batch * 7L + commits;
        try (ChildJvm child = new ChildJvm(dir.resolve("child.err"), "flood", db.toString(), "rec",
                String.valueOf(seed), String.valueOf(batch))) {
            assertThat(child.readLine()).isEqualTo("ready");
            for (int i = 1; i <= commits; i++) {
                assertThat(child.readLine()).isEqualTo("ok " + i * batch);
            }
            child.kill(); // the child keeps appending meanwhile: the kill lands anywhere, mid-commit included
        }
        assertRecovered(db, seed, batch, commits * batch, Integer.MAX_VALUE);
    }

    private static void assertRecovered(Path db, long seed, int batch, int atLeast, int atMost) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
        try (SqliteTapeStore store = TestTapes.open(db)) {
            Tape tape = store.load(TapeId.of("rec"));
            int n = tape.frames().size();
            assertThat(n).isBetween(atLeast, atMost);
            assertThat(n % batch).as("whole batches only").isZero();
            List<Frame> expected = TestTapes.frames(seed, n);
            assertThat(tape.frames()).containsExactlyElementsOf(expected);
            // Its writer was killed (issue 12, Shadowcat item 4): an error, with the frames it committed.
            assertThat(tape.metadata().status()).isEqualTo(TapeStatus.ERROR);
            assertThat(tape.metadata().stats().frameCount()).isEqualTo(n);
            assertThat(store.list(TapeQuery.all()).items().get(0).frameCount()).isEqualTo(n);
        }
        assertThat(storedStatus(db)).isEqualTo("error");
        assertThat(Path.of(db + ".writers").resolve("rec.lock")).doesNotExist();
    }

    private static SqliteTapeStore openForReading(Path db) {
        return (SqliteTapeStore) new SqliteStorageProvider().create(
                StorageSettings.of("sqlite", Map.of("path", db.toString())), OpenMode.EXISTING);
    }

    private static String storedStatus(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status FROM tapes WHERE id = 'rec'")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
