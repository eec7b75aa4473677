package io.shadowcat.sqlite;

import io.shadowcat.sqlite.SqliteDatabaseException.Problem;
import io.shadowcat.storage.support.FileMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands the write turns of one database file to its writers in the order they asked, across the threads of
 * this process and across processes.
 *
 * <p>Why: SQLite's own wait for the write lock ({@code busy_timeout}) sleeps and retries, so a writer that
 * just arrived often takes the lock ahead of one that has waited long. With a hundred recorders on one file,
 * some waited for tens of seconds and failed with "locked longer than busy_timeout". Here each write first
 * takes a turn; inside it {@code BEGIN IMMEDIATE} finds the lock free unless something that takes no turns
 * (the {@code sqlite3} shell, an older Shadowcat) holds it.
 *
 * <p>How: a ticket queue built of POSIX record locks on the sibling file {@code DB-turns}, which the kernel
 * releases when a process dies, so a killed writer never blocks the others. Bytes 0 to 7 of the file hold the
 * next ticket, bytes 8 to 15 how many turns have started. A writer locks bytes 0 to 15 (the entrance, held
 * for a few system calls), takes ticket {@code t}, locks the slot byte of {@code t + 1} (its successor waits
 * on it), leaves the entrance, then waits for the slot byte of {@code t}, which its predecessor holds until
 * its turn ends. So turns go strictly in ticket order and a writer that just finished queues behind every
 * waiting one. A process holds at most one ticket at a time (its record locks do not exclude each other),
 * so its threads queue for that ticket on a fair lock first.
 *
 * <p>A writer gives up only when no turn started for {@code busy_timeout}: a long queue that moves is
 * waited for, one holder stuck that long is an error, as before.
 */
final class WriteTurns implements AutoCloseable {

    /** Appended to the database file's name. */
    static final String SUFFIX = "-turns";

    private static final long ENTRANCE = 0;
    private static final long STARTED = 8;
    private static final long ENTRANCE_SIZE = 16;
    private static final long SLOTS = 1 << 20;
    private static final long SLOT_COUNT = 1 << 16;

    // One per lock file in this JVM: the JVM allows a file region to be locked through one channel only.
    private static final Map<Path, TurnFile> OPEN = new HashMap<>();

    private final TurnFile file;
    private final Path database;
    private final SqliteSettings settings;
    private boolean closed;

    private WriteTurns(TurnFile file, SqliteSettings settings) {
        this.file = file;
        this.database = settings.path();
        this.settings = settings;
    }

    /** The turns of the settings' database; its turn file is created when missing. */
    static WriteTurns open(SqliteSettings settings) {
        Path path = Path.of(settings.path() + SUFFIX);
        try {
            try {
                Files.createFile(path, settings.fileMode().fileAttributes());
            } catch (FileAlreadyExistsException e) {
                // made by another writer: shared
            }
            Path key = path.toRealPath();
            synchronized (OPEN) {
                TurnFile f = OPEN.computeIfAbsent(key, TurnFile::new);
                f.users++;
                return new WriteTurns(f, settings);
            }
        } catch (IOException e) {
            throw new SqliteDatabaseException(settings.path(), Problem.IO, "cannot use the write-turn file " + path
                    + " of sqlite database " + settings.path() + " (" + e.getMessage()
                    + "): the database's directory must be writable", e);
        }
    }

    /** One write turn; closing it hands the turn to the next writer. */
    final class Turn implements AutoCloseable {
        private final FileLock successorWaits;
        private final long waitedFor;

        private Turn(FileLock successorWaits, long waitedFor) {
            this.successorWaits = successorWaits;
            this.waitedFor = waitedFor;
        }

        /** How many other writers' turns started while this one waited. */
        long waitedFor() {
            return waitedFor;
        }

        @Override
        public void close() {
            try {
                releaseQuietly(successorWaits);
            } finally {
                file.local.unlock();
            }
        }
    }

    private static void releaseQuietly(FileLock lock) {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel is gone, and its locks with it
        }
    }

    /** Waits for this writer's turn; fails when no turn started for {@code busy_timeout}. */
    Turn take(String action) {
        long patience = Math.max(1, settings.busyTimeout().toNanos());
        Progress progress = new Progress(file.started());
        try {
            while (!file.local.tryLock(patience, TimeUnit.NANOSECONDS)) {
                progress.check(action);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqliteDatabaseException(database, Problem.BUSY, "interrupted while waiting to write to"
                    + " sqlite database " + database + " (" + action + ")", null);
        }
        boolean taken = false;
        try {
            if (closed) {
                throw new IllegalStateException("sqlite storage " + database + " is closed");
            }
            FileLock entrance = file.lock(ENTRANCE, ENTRANCE_SIZE, patience, progress, action);
            long ticket;
            FileLock successorWaits;
            try {
                ticket = file.readLong(ENTRANCE);
                file.writeLong(ENTRANCE, ticket + 1);
                successorWaits = file.lock(slot(ticket + 1), 1, patience, progress, action);
            } finally {
                releaseQuietly(entrance);
            }
            try {
                file.lock(slot(ticket), 1, patience, progress, action).release();
                file.writeLong(STARTED, ticket + 1);
            } catch (RuntimeException | IOException e) {
                releaseQuietly(successorWaits);
                throw e;
            }
            taken = true;
            return new Turn(successorWaits, Math.max(0, ticket - progress.first));
        } catch (IOException e) {
            throw new SqliteDatabaseException(database, Problem.IO, "cannot use the write-turn file " + file.path
                    + " of sqlite database " + database + " while " + action + " (" + e.getMessage() + ")", e);
        } finally {
            if (!taken) {
                file.local.unlock();
            }
        }
    }

    private static long slot(long ticket) {
        return SLOTS + Math.floorMod(ticket, SLOT_COUNT);
    }

    /** Whether turns still start while this writer waits: it gives up when none did for a whole wait. */
    private final class Progress {
        final long first;
        long last;

        Progress(long started) {
            this.first = started;
            this.last = started;
        }

        void check(String action) {
            long now = file.started();
            if (now == last) {
                throw new SqliteDatabaseException(database, Problem.BUSY, "sqlite database " + database
                        + " stayed locked by another process for longer than busy_timeout="
                        + settings.busyTimeout().toMillis() + "ms while " + action
                        + ": raise busy_timeout or find the process holding the lock (fuser " + file.path + ")", null);
            }
            last = now;
        }
    }

    @Override
    public void close() {
        file.local.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            file.local.unlock();
        }
        synchronized (OPEN) {
            if (--file.users == 0) {
                OPEN.remove(file.path);
                file.close();
            }
        }
    }

    /** The turn file as this JVM uses it: one channel, one thread that waits for its locks, one fair lock. */
    private static final class TurnFile {
        final Path path;
        final ReentrantLock local = new ReentrantLock(true);
        // A blocked lock call can only be abandoned by interrupting it, which closes the channel: it runs here.
        final ExecutorService waiter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "shadowcat-sqlite-turns");
            t.setDaemon(true);
            return t;
        });
        int users; // guarded by OPEN
        private FileChannel channel; // guarded by this; reopened after an abandoned wait closed it

        TurnFile(Path path) {
            this.path = path;
        }

        synchronized FileChannel channel() throws IOException {
            if (channel == null || !channel.isOpen()) {
                channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            return channel;
        }

        /** Locks a region, waiting in the kernel's queue while other writers' turns keep starting. */
        FileLock lock(long position, long size, long patience, WriteTurns.Progress progress, String action)
                throws IOException {
            FileLock now = channel().tryLock(position, size, false);
            if (now != null) {
                return now;
            }
            Future<FileLock> waiting = waiter.submit(() -> channel().lock(position, size, false));
            while (true) {
                try {
                    return waiting.get(patience, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    try {
                        progress.check(action);
                    } catch (RuntimeException stuck) {
                        if (!waiting.cancel(true)) {
                            return getDone(waiting); // granted meanwhile
                        }
                        throw stuck;
                    }
                } catch (InterruptedException e) {
                    waiting.cancel(true);
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for a write turn", e);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
        }

        private static FileLock getDone(Future<FileLock> done) throws IOException {
            try {
                return done.get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IOException(e);
            }
        }

        /** Turns started so far; a read without a lock, used only to see whether the queue moves. */
        long started() {
            try {
                return readLong(STARTED);
            } catch (IOException e) {
                return -1;
            }
        }

        long readLong(long position) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(8);
            while (b.hasRemaining() && channel().read(b, position + b.position()) > 0) {
                // read on
            }
            return b.hasRemaining() ? 0 : b.getLong(0);
        }

        void writeLong(long position, long value) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(8).putLong(0, value);
            while (b.hasRemaining()) {
                channel().write(b, position + b.position());
            }
        }

        synchronized void close() {
            waiter.shutdownNow();
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // nothing held any more
            }
        }
    }
}
