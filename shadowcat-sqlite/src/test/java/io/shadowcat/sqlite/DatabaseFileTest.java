package io.shadowcat.sqlite;

import static io.shadowcat.sqlite.TestTapes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.sqlite.SqliteDatabaseException.Problem;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.tape.TapeId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the provider does with database files it did not expect: refuse clearly, change nothing. */
class DatabaseFileTest {

    @TempDir
    Path dir;

    @Test
    void newDatabaseIsCreatedInWalModeWithOurIdentity() throws Exception {
        Path db = dir.resolve("sub/dir/tapes.db");
        TestTapes.open(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            assertThat(pragma(s, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(s, "application_id")).isEqualTo(String.valueOf(Schema.APPLICATION_ID));
            assertThat(pragma(s, "user_version")).isEqualTo(String.valueOf(Schema.CURRENT_VERSION));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void garbageFileIsRefusedAndLeftUnchanged(long seed) throws Exception {
        Path db = dir.resolve("garbage.db");
        byte[] junk = new byte[8192];
        new SplittableRandom(seed).nextBytes(junk);
        Files.write(db, junk);
        String before = sha256(db);
        assertThatThrownBy(() -> TestTapes.open(db))
                .isInstanceOfSatisfying(SqliteDatabaseException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.CORRUPT);
                    assertThat(e.path()).isEqualTo(db.toAbsolutePath());
                })
                .hasMessageContaining(db.toString()).hasMessageContaining("not an SQLite database")
                .hasMessageNotContaining("\n");
        assertThat(sha256(db)).isEqualTo(before);
    }

    @Test
    void textFileIsRefusedAndLeftUnchanged() throws Exception {
        Path db = dir.resolve("notes.txt");
        Files.writeString(db, "my notes, not a database\n");
        String before = sha256(db);
        assertThatThrownBy(() -> TestTapes.open(db)).isInstanceOf(SqliteDatabaseException.class)
                .hasMessageContaining("not an SQLite database");
        assertThat(sha256(db)).isEqualTo(before);
    }

    @Test
    void damagedDatabaseIsReportedAndNeverOverwritten() throws Exception {
        Path db = dir.resolve("damaged.db");
        try (SqliteTapeStore store = TestTapes.open(db)) {
            for (int i = 0; i < 30; i++) {
                store.save(TestTapes.tape("t" + i, "tape " + i, T0, TestTapes.frames(i, 40)));
            }
        }
        assertThat(Files.exists(Path.of(db + "-wal")) && Files.size(Path.of(db + "-wal")) > 0).isFalse();
        // Overwrite every page after the first two (schema) with junk, keeping the header valid.
        byte[] bytes = Files.readAllBytes(db);
        int pageSize = ((bytes[16] & 0xff) << 8) | (bytes[17] & 0xff);
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 2 * pageSize; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        Files.write(db, bytes);
        String before = sha256(db);
        Throwable failure = null;
        try (SqliteTapeStore store = TestTapes.open(db)) {
            store.list(TapeQuery.all());
            store.load(TapeId.of("t7"));
        } catch (RuntimeException e) {
            failure = e;
        }
        assertThat(failure).isInstanceOfSatisfying(SqliteDatabaseException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.CORRUPT));
        assertThat(failure.getMessage()).contains(db.toString()).contains("damaged").contains(".recover");
        assertThat(sha256(db)).isEqualTo(before);
    }

    @Test
    void anotherApplicationsDatabaseIsRefusedAndLeftUnchanged() throws Exception {
        Path db = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)");
            s.execute("INSERT INTO invoices (amount) VALUES (12.5)");
        }
        String before = sha256(db);
        assertThatThrownBy(() -> TestTapes.open(db))
                .isInstanceOfSatisfying(SqliteDatabaseException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.FOREIGN_SCHEMA))
                .hasMessageContaining("another application").hasMessageContaining(db.toString());
        assertThat(sha256(db)).isEqualTo(before);
    }

    @Test
    void newerSchemaIsRefusedAndLeftUnchanged() throws Exception {
        Path db = dir.resolve("newer.db");
        TestTapes.open(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + (Schema.CURRENT_VERSION + 1));
        }
        String before = sha256(db);
        assertThatThrownBy(() -> TestTapes.open(db))
                .isInstanceOfSatisfying(SqliteDatabaseException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.NEWER_SCHEMA))
                .hasMessageContaining("schema version " + (Schema.CURRENT_VERSION + 1))
                .hasMessageContaining("upgrade Shadowcat");
        assertThat(sha256(db)).isEqualTo(before);
    }

    @Test
    void missingTableIsRefused() throws Exception {
        Path db = dir.resolve("tampered.db");
        TestTapes.open(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("DROP TABLE correlations");
        }
        assertThatThrownBy(() -> TestTapes.open(db))
                .isInstanceOfSatisfying(SqliteDatabaseException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.FOREIGN_SCHEMA))
                .hasMessageContaining("correlations");
    }

    @Test
    void writeLockHeldElsewhereLongerThanTheBusyTimeoutIsAClearError() throws Exception {
        Path db = dir.resolve("busy.db");
        try (SqliteTapeStore store = TestTapes.open(db, "busy_timeout", "300ms");
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE"); // another process, holding the write lock
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.save(TestTapes.tape("x", "x", T0, TestTapes.frames(1, 2))))
                    .isInstanceOfSatisfying(SqliteDatabaseException.class,
                            e -> assertThat(e.problem()).isEqualTo(Problem.BUSY))
                    .hasMessageContaining("busy_timeout=300ms").hasMessageContaining(db.toString());
            assertThat(System.nanoTime() - start).as("waited for the lock").isGreaterThanOrEqualTo(250_000_000L);
            s.execute("ROLLBACK");
            store.save(TestTapes.tape("x", "x", T0, TestTapes.frames(1, 2)));
            assertThat(store.exists(TapeId.of("x"))).isTrue();
            assertThat(store.health().healthy()).isTrue();
        }
    }

    @Test
    void closedStoreIsReportedUnhealthyAndRefusesWork() {
        SqliteTapeStore store = TestTapes.open(dir.resolve("closed.db"));
        store.close();
        assertThat(store.health().healthy()).isFalse();
        assertThatThrownBy(() -> store.list(TapeQuery.all())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        store.close();
    }

    @Test
    void directoryIsRefused() {
        assertThatThrownBy(() -> TestTapes.open(dir)).isInstanceOfSatisfying(SqliteDatabaseException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.IO)).hasMessageContaining("is a directory");
    }

    @Test
    void emptyFileBecomesADatabase() throws Exception {
        Path db = dir.resolve("empty.db");
        Files.write(db, new byte[0]);
        try (SqliteTapeStore store = TestTapes.open(db)) {
            store.save(TestTapes.tape("a", "a", T0, TestTapes.frames(1, 2)));
        }
        assertThat(new String(Files.readAllBytes(db), 0, 15, StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");
    }

    private static String pragma(Statement s, String name) throws Exception {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    @Test
    void newDatabaseAndItsWalFilesArePrivateWhateverTheUmask() throws Exception {
        Path db = dir.resolve("private/sub/tapes.db");
        try (SqliteTapeStore s = TestTapes.open(db)) {
            var w = s.openWriter(new io.shadowcat.tape.TapeHeader(TapeId.of("p1"), "s", T0, "2025-06-18",
                    io.shadowcat.tape.TapeMetadata.named("p1")));
            w.append(io.shadowcat.tape.Frame.of(0, 0, io.shadowcat.tape.Direction.CLIENT_TO_SERVER,
                    io.shadowcat.tape.TapeJson.parse("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}")));
            w.flush();
            assertThat(Files.exists(Path.of(db + "-wal"))).isTrue();
            for (String f : new String[] {"", "-wal", "-shm", WriteTurns.SUFFIX}) {
                assertThat(mode(Path.of(db + f))).as("tapes.db" + f).isEqualTo("rw-------");
            }
            assertThat(mode(dir.resolve("private"))).isEqualTo("rwx------");
            assertThat(mode(dir.resolve("private/sub"))).isEqualTo("rwx------");
            w.close();
        }
    }

    @Test
    void fileModeSettingWidensTheDatabaseFile() throws Exception {
        Path db = dir.resolve("group.db");
        TestTapes.open(db, "file_mode", "640").close();
        assertThat(mode(db)).isEqualTo("rw-r-----");
    }

    private static String mode(Path p) throws java.io.IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
