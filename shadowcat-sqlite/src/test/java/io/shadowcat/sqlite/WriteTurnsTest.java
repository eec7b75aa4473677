package io.shadowcat.sqlite;

import static io.shadowcat.sqlite.TestTapes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.sqlite.SqliteDatabaseException.Problem;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.tape.TapeId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write turns' file: created by the first write only, and a writer stuck in its turn is a clear error. */
class WriteTurnsTest {

    @TempDir
    Path dir;

    @Test
    void openingACurrentDatabaseToReadWritesNothingAndCreatesNoTurnFile() throws Exception {
        Path db = dir.resolve("tapes.db");
        try (SqliteTapeStore store = TestTapes.open(db)) {
            store.save(TestTapes.tape("t1", "t1", T0, TestTapes.frames(1, 3)));
        }
        Path turns = Path.of(db + WriteTurns.SUFFIX);
        assertThat(turns).exists();
        Files.delete(turns);
        byte[] before = Files.readAllBytes(db);
        SqliteSettings settings = SqliteSettings.from(StorageSettings.of("sqlite", Map.of("path", db.toString())));
        try (SqliteTapeStore store = SqliteTapeStore.open(settings, OpenMode.EXISTING)) {
            assertThat(store.list(TapeQuery.all()).total()).isEqualTo(1);
        }
        assertThat(turns).doesNotExist();
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    /*
     * CI failure (20 recorder processes starting where no database was yet): the one that switched the new,
     * empty file to WAL needed its exclusive lock while the other starting processes read it, and waited past
     * busy_timeout. A new database is now created complete, in WAL mode with its schema, so opening it takes
     * no write turn: here another process holds the turns' entrance throughout, and opening still succeeds
     * (it used to wait for a turn and fail after busy_timeout).
     */
    @Test
    void aNewDatabaseIsBornCompleteInWalModeAndOpensWithoutAWriteTurn() throws Exception {
        Path db = dir.resolve("fresh.db");
        Path turns = Path.of(db + WriteTurns.SUFFIX);
        Files.createFile(turns);
        Process holder = new ProcessBuilder("/usr/bin/python3", "-c", "import fcntl, sys\n"
                + "f = open(sys.argv[1], 'r+b')\n"
                + "fcntl.lockf(f, fcntl.LOCK_EX, 16, 0)\n"
                + "print('held', flush=True)\n"
                + "sys.stdin.read()\n", turns.toString()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("held");
            try (SqliteTapeStore store = TestTapes.open(db, "busy_timeout", "2s")) {
                assertThat(store.list(TapeQuery.all()).total()).isZero();
            }
        } finally {
            holder.destroy();
            holder.waitFor();
        }
        byte[] head = Files.readAllBytes(db);
        assertThat(new byte[] {head[18], head[19]}).as("file format versions: WAL").containsExactly(2, 2);
        assertThat(java.nio.ByteBuffer.wrap(head, 68, 4).getInt()).as("application_id")
                .isEqualTo(Schema.APPLICATION_ID);
        try (var names = Files.list(dir)) {
            assertThat(names.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .allMatch(n -> !n.contains(".new-"));
        }
        try (SqliteTapeStore store = TestTapes.open(db)) {
            store.save(TestTapes.tape("t1", "t1", T0, TestTapes.frames(1, 3)));
            assertThat(store.list(TapeQuery.all()).total()).isEqualTo(1);
        }
    }

    @Test
    void aWriterStuckInItsTurnLongerThanTheBusyTimeoutIsAClearError() throws Exception {
        Path db = dir.resolve("stuck.db");
        try (SqliteTapeStore store = TestTapes.open(db, "busy_timeout", "300ms")) {
            store.save(TestTapes.tape("t1", "t1", T0, TestTapes.frames(1, 3)));
            // Another process holds the ticket lock and never lets go, as a stopped writer would.
            Process holder = new ProcessBuilder("/usr/bin/python3", "-c", "import fcntl, sys\n"
                    + "f = open(sys.argv[1], 'r+b')\n"
                    + "fcntl.lockf(f, fcntl.LOCK_EX, 16, 0)\n"
                    + "print('held', flush=True)\n"
                    + "sys.stdin.read()\n", db + WriteTurns.SUFFIX).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).isEqualTo("held");
                assertThatThrownBy(() -> store.save(TestTapes.tape("t2", "t2", T0, TestTapes.frames(2, 3))))
                        .isInstanceOfSatisfying(SqliteDatabaseException.class,
                                e -> assertThat(e.problem()).isEqualTo(Problem.BUSY))
                        .hasMessageContaining("busy_timeout=300ms").hasMessageContaining(db.toString())
                        .hasMessageContaining(db + WriteTurns.SUFFIX).hasMessageContaining("saving tape t2");
                holder.getOutputStream().close(); // the holder ends: its lock goes with it
                assertThat(holder.waitFor()).isZero();
            } finally {
                holder.destroyForcibly();
            }
            store.save(TestTapes.tape("t2", "t2", T0, TestTapes.frames(2, 3)));
            assertThat(store.exists(TapeId.of("t2"))).isTrue();
        }
    }
}
