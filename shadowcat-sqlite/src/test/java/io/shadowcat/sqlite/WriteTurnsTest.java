package io.shadowcat.sqlite;

import static io.shadowcat.sqlite.TestTapes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.sqlite.SqliteDatabaseException.Problem;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageSettings;
import io.shadowcat.storage.TapeQuery;
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
