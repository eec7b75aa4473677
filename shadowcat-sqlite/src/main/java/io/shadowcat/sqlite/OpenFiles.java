package io.shadowcat.sqlite;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The database files this JVM has open in SQLite, so that Java opens such a file itself (to read its header)
 * only while SQLite has it open nowhere in this JVM.
 *
 * <p>Why: SQLite's locks are POSIX record locks, which belong to the process, and closing <em>any</em>
 * descriptor of the file drops them all (sqlite.org/howtocorrupt.html, 2.2). A store opened beside another in
 * one process used to read the header with a stream of its own; closing it dropped the first store's shared
 * lock, another process took its last-connection-out exclusive lock, checkpointed and reset the WAL, and the
 * first store's next commit was lost (a tape finished in a 20-process test read back as recording).
 */
final class OpenFiles {

    /** Reads a file's header (done only while no SQLite connection of this JVM has the file open). */
    @FunctionalInterface
    interface HeaderCheck {
        /** Returns whether the header says WAL mode. */
        boolean run() throws IOException;
    }

    // Guarded by itself. Key: the file's real path; value: how many Databases of this JVM have it open.
    private static final Map<Path, Integer> OPEN = new HashMap<>();

    private OpenFiles() {
    }

    /**
     * Counts one more opener of the existing file at {@code realPath}, which must call {@link #release} once
     * it has closed every connection. Runs {@code check} first when no other opener has it open; otherwise
     * returns true without it (the file was prepared, in WAL mode, by the opener that has it open).
     */
    static boolean acquire(Path realPath, HeaderCheck check) throws IOException {
        synchronized (OPEN) {
            boolean wal = OPEN.containsKey(realPath) || check.run();
            OPEN.merge(realPath, 1, Integer::sum);
            return wal;
        }
    }

    /** Counts an opener out; called after all its connections are closed. */
    static void release(Path realPath) {
        synchronized (OPEN) {
            OPEN.computeIfPresent(realPath, (p, n) -> n == 1 ? null : n - 1);
        }
    }
}
