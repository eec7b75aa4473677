package io.shadowcat.storage.filesystem;

import io.shadowcat.storage.support.FileMode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Coordinates the processes (and, within one process, the backends) using one tape directory, through a
 * lock on {@code .shadowcat.lock}: every user holds a shared lock for as long as it is open; the index
 * journal may only be compacted (replaced) by a user that got the lock exclusively, i.e. when nobody else
 * had the directory open. Within a JVM the lock is held once and counted, since file locks belong to the
 * whole process.
 */
final class DirectoryLease implements Closeable {

    static final String LOCK_FILE = ".shadowcat.lock";
    private static final Map<Path, Shared> LEASES = new HashMap<>();

    private final Shared shared;
    private boolean exclusive;
    private boolean closed;

    private DirectoryLease(Shared shared, boolean exclusive) {
        this.shared = shared;
        this.exclusive = exclusive;
    }

    /** Takes the directory; exclusively when no other process or backend has it open. */
    static DirectoryLease acquire(Path dir, FileMode mode) throws IOException {
        return acquire(dir, mode, false);
    }

    /**
     * Takes the directory for reading only: shared, never exclusive, and without creating the lock file (or
     * opening it for writing), so that a directory on a full or read-only disk can be read. When there is no
     * lock file there is nothing to share: the lease then holds no lock, which only a compaction would need.
     */
    static DirectoryLease acquireForReading(Path dir) throws IOException {
        return acquire(dir, null, true);
    }

    private static DirectoryLease acquire(Path dir, FileMode mode, boolean reading) throws IOException {
        Path key = dir.toRealPath();
        synchronized (LEASES) {
            Shared s = LEASES.get(key);
            if (s != null) {
                s.refs++;
                return new DirectoryLease(s, false);
            }
            Path lockFile = key.resolve(LOCK_FILE);
            if (reading && !Files.isRegularFile(lockFile)) {
                return new DirectoryLease(null, false);
            }
            FileChannel ch = reading ? FileChannel.open(lockFile, StandardOpenOption.READ)
                    : FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE), mode.fileAttributes());
            try {
                FileLock lock = reading ? null : ch.tryLock(0, Long.MAX_VALUE, false);
                boolean exclusive = lock != null;
                if (lock == null) {
                    lock = ch.lock(0, Long.MAX_VALUE, true);
                }
                s = new Shared(key, ch, lock);
                LEASES.put(key, s);
                return new DirectoryLease(s, exclusive);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }
    }

    /** Serializes opening the directory among the backends of this JVM. */
    Object monitor() {
        return shared != null ? shared : this;
    }

    /** True while this lease is the only user of the directory, in any process. */
    boolean exclusive() {
        return exclusive;
    }

    /** Lets other processes in: from exclusive to shared. */
    void downgrade() throws IOException {
        if (!exclusive) {
            return;
        }
        synchronized (LEASES) {
            shared.lock.release();
            shared.lock = shared.channel.lock(0, Long.MAX_VALUE, true);
            exclusive = false;
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (LEASES) {
            if (closed) {
                return;
            }
            closed = true;
            if (shared == null) {
                return; // a reader's lease without a lock file
            }
            if (--shared.refs == 0) {
                LEASES.remove(shared.key);
                try {
                    shared.lock.release();
                } finally {
                    shared.channel.close();
                }
            }
        }
    }

    private static final class Shared {
        final Path key;
        final FileChannel channel;
        FileLock lock;
        int refs = 1;

        Shared(Path key, FileChannel channel, FileLock lock) {
            this.key = key;
            this.channel = channel;
            this.lock = lock;
        }
    }
}
