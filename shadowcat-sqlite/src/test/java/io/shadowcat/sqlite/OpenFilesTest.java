package io.shadowcat.sqlite;

import static io.shadowcat.sqlite.TestTapes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.query.TapeQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second store opened on a file this JVM already has open does not open the file itself: closing such a
 * descriptor dropped every SQLite lock of the process, so another process could checkpoint and reset the WAL
 * under the first store and its next commit was lost (seen in ConcurrentRecordersIT: a finished tape read
 * back as recording).
 */
class OpenFilesTest {

    // SQLite's SHARED lock on a database file: a read lock on the 510 bytes after PENDING_BYTE + 1.
    private static final String TRY_EXCLUSIVE = "import fcntl, os, sys\n"
            + "fd = os.open(sys.argv[1], os.O_RDWR)\n"
            + "try:\n"
            + "    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 510, 0x40000002)\n"
            + "    print('free')\n"
            + "except OSError:\n"
            + "    print('held')\n";

    @TempDir
    Path dir;

    @Test
    void openingAndClosingASecondStoreKeepsTheFirstStoresLocks() throws Exception {
        Path db = dir.resolve("tapes.db");
        try (SqliteTapeStore first = TestTapes.open(db)) {
            first.save(TestTapes.tape("t1", "t1", T0, TestTapes.frames(1, 3)));
            assertThat(sharedLock(db)).as("the first store's shared lock, before").isEqualTo("held");
            try (SqliteTapeStore second = TestTapes.open(db)) {
                assertThat(second.list(TapeQuery.all()).total()).isEqualTo(1);
            }
            assertThat(sharedLock(db)).as("the first store's shared lock, after a second store came and went")
                    .isEqualTo("held");
            first.save(TestTapes.tape("t2", "t2", T0, TestTapes.frames(2, 3)));
        }
        try (SqliteTapeStore store = TestTapes.open(db)) {
            assertThat(store.list(TapeQuery.all()).total()).isEqualTo(2);
        }
    }

    private static String sharedLock(Path db) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", TRY_EXCLUSIVE, db.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(p.waitFor()).as("python: %s", line).isZero();
            return line;
        }
    }
}
