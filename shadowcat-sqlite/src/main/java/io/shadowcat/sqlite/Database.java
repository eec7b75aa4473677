package io.shadowcat.sqlite;

import io.shadowcat.sqlite.SqliteDatabaseException.Problem;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.support.FileMode;
import io.shadowcat.storage.support.FileProblem;
import io.shadowcat.storage.StorageNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The connections to one database file and the rules for using them.
 *
 * <p>SQLite allows one writer at a time per file. Within this process every write goes through a single
 * writer connection guarded by a lock, so threads queue here instead of failing with {@code database is
 * locked}; between connections and processes, writes take turns in the order they asked ({@link WriteTurns}),
 * and each write transaction starts with {@code BEGIN IMMEDIATE}, which takes the file's write lock up front
 * (a deferred transaction that upgrades later can fail at once, without waiting). Readers use a small pool of their own connections;
 * in WAL mode they never block the writer and see only committed data.
 */
final class Database implements AutoCloseable {

    /** Work done with a session; may throw SQL errors, which the caller translates. */
    @FunctionalInterface
    interface Work<T> {
        T run(SqlSession session) throws SQLException;
    }

    private static final int MAX_READERS = 8;
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final SqliteSettings settings;
    private final Path key; // the file's real path, under which OpenFiles counts this Database
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final SqlSession writer;
    private final LongAdder turnsWaited = new LongAdder();
    private WriteTurns turns; // guarded by writeLock; opened by the first write, so that readers never create its file
    private final BlockingQueue<SqlSession> idleReaders = new LinkedBlockingQueue<>();
    private final List<SqlSession> allReaders = new ArrayList<>();
    private volatile boolean closed;

    private Database(SqliteSettings settings, Path key, SqlSession writer) {
        this.settings = settings;
        this.key = key;
        this.writer = writer;
    }

    /**
     * Opens (or creates) the database, checking before anything is written that the file is an SQLite
     * database with a schema this version knows; creates or migrates the schema.
     */
    static Database open(SqliteSettings settings, OpenMode mode) {
        Path path = settings.path();
        if (mode == OpenMode.EXISTING) {
            requireExisting(path);
        }
        Path key;
        boolean walFlagged;
        try {
            ensureFile(settings);
            key = path.toRealPath();
            walFlagged = OpenFiles.acquire(key, () -> checkHeader(path) && Schema.walFlagged(path));
        } catch (IOException e) {
            throw new SqliteDatabaseException(path, Problem.IO, "cannot use sqlite database " + path + ": "
                    + FileProblem.describe(e), e);
        }
        SqlSession writer;
        try {
            writer = new SqlSession(config(settings).createConnection("jdbc:sqlite:" + path));
        } catch (SQLException e) {
            OpenFiles.release(key);
            throw translate(path, settings, "opening the database", e);
        }
        Database db = new Database(settings, key, writer);
        try {
            Schema.prepare(db, walFlagged);
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    // A missing or empty file would become a new database: reading commands must not create one.
    private static void requireExisting(Path path) {
        try {
            if (Files.isRegularFile(path) && Files.size(path) > 0) {
                return;
            }
        } catch (IOException e) {
            return; // checkFile reports what is wrong with it
        }
        if (Files.isDirectory(path)) {
            return; // checkFile says it is a directory
        }
        throw new StorageNotFoundException(SqliteStorageProvider.NAME, path.toString(),
                Files.exists(path) ? "sqlite database (the file is empty)" : "sqlite database");
    }

    // A missing file is created complete (NewDatabaseFile); nothing here opens an existing one.
    private static void ensureFile(SqliteSettings settings) throws IOException {
        Path path = settings.path();
        if (Files.isDirectory(path)) {
            throw new SqliteDatabaseException(path, Problem.IO, "sqlite database path " + path
                    + " is a directory: set path to a file such as " + path.resolve("tapes.db"), null);
        }
        if (Files.exists(path)) {
            return;
        }
        Path parent = path.getParent();
        if (parent != null) {
            settings.fileMode().createDirectories(parent);
        }
        if (!NewDatabaseFile.create(settings)) {
            // Where files cannot be linked: created empty, with its mode from the start, for SQLite to take as
            // new; Schema prepares it in a write turn.
            try {
                Files.createFile(path, settings.fileMode().fileAttributes());
            } catch (FileAlreadyExistsException e) {
                // Another process created it first: fine, it goes on as an existing database.
            }
        }
    }

    // Refuses what is plainly not a database before SQLite can touch it, so it is never overwritten. Called
    // through OpenFiles only: it opens and closes the file. Returns true, to chain the WAL check.
    private static boolean checkHeader(Path path) throws IOException {
        if (Files.size(path) == 0) {
            return true;
        }
        byte[] head = new byte[SQLITE_MAGIC.length];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n < head.length || !java.util.Arrays.equals(head, SQLITE_MAGIC)) {
            throw new SqliteDatabaseException(path, Problem.CORRUPT, "sqlite database " + path
                    + " is not an SQLite database (bad file header); it was left unchanged:"
                    + " point path at another file, or restore the database from a backup", null);
        }
        return true;
    }

    private static SQLiteConfig config(SqliteSettings settings) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, settings.busyTimeout().toMillis()));
        config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(settings.synchronous().pragmaValue()));
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-16_384); // KiB: 16 MiB per connection, lazily filled
        config.setGetGeneratedKeys(false); // we ask last_insert_rowid() ourselves; the driver would re-prepare per insert
        return config;
    }

    Path path() {
        return settings.path();
    }

    SqliteSettings settings() {
        return settings;
    }

    /** Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction on the writer connection, in a write turn. */
    <T> T write(String action, Work<T> work) {
        return write(action, work, () -> { });
    }

    /**
     * Like {@link #write(String, Work)}; when the transaction fails, {@code onRollback} runs while the
     * write lock is still held, before any other write can start.
     */
    <T> T write(String action, Work<T> work, Runnable onRollback) {
        writeLock.lock();
        try {
            ensureOpen();
            try (WriteTurns.Turn turn = turn(action)) {
                return transaction(writer, "BEGIN IMMEDIATE", action, work);
            } catch (RuntimeException e) {
                onRollback.run();
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs work on the writer connection outside a transaction (pragmas that refuse to run inside one), in a
     * write turn.
     */
    <T> T withWriter(String action, Work<T> work) {
        writeLock.lock();
        try {
            ensureOpen();
            try (WriteTurns.Turn turn = turn(action)) {
                return work.run(writer);
            }
        } catch (SQLException e) {
            throw failure(action, e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs read-only work in one read transaction on the writer connection, taking no write lock or turn. */
    <T> T readOnWriter(String action, Work<T> work) {
        writeLock.lock();
        try {
            ensureOpen();
            return transaction(writer, "BEGIN", action, work);
        } finally {
            writeLock.unlock();
        }
    }

    // Called holding writeLock.
    private WriteTurns.Turn turn(String action) {
        if (turns == null) {
            turns = WriteTurns.open(settings);
        }
        WriteTurns.Turn turn = turns.take(action);
        turnsWaited.add(turn.waitedFor());
        return turn;
    }

    /** How many other writers' turns this database's writes waited for, in all. */
    long turnsWaited() {
        return turnsWaited.sum();
    }

    /** Runs read-only work; every statement sees the latest committed data. */
    <T> T read(String action, Work<T> work) {
        SqlSession session = borrowReader();
        try {
            return work.run(session);
        } catch (SQLException e) {
            throw failure(action, e);
        } finally {
            giveBack(session);
        }
    }

    /** Runs read-only work in one read transaction, so every statement sees the same snapshot. */
    <T> T readSnapshot(String action, Work<T> work) {
        SqlSession session = borrowReader();
        try {
            return transaction(session, "BEGIN", action, work);
        } finally {
            giveBack(session);
        }
    }

    /** Runs {@code work} in one transaction opened with {@code begin} on {@code session}; rolls back on failure. */
    <T> T transaction(SqlSession session, String begin, String action, Work<T> work) {
        boolean committed = false;
        try {
            session.execute(begin);
            T result = work.run(session);
            session.execute("COMMIT");
            committed = true;
            return result;
        } catch (SQLException e) {
            throw failure(action, e);
        } finally {
            if (!committed) {
                rollbackQuietly(session);
            }
        }
    }

    private static void rollbackQuietly(SqlSession session) {
        try {
            if (!session.connection().isClosed()) {
                session.execute("ROLLBACK");
            }
        } catch (SQLException ignored) {
            // no transaction was open (BEGIN itself failed), or SQLite already rolled back
        }
    }

    private SqlSession borrowReader() {
        ensureOpen();
        SqlSession s = idleReaders.poll();
        if (s != null) {
            return s;
        }
        synchronized (allReaders) {
            if (allReaders.size() < MAX_READERS) {
                try {
                    s = new SqlSession(config(settings).createConnection("jdbc:sqlite:" + settings.path()));
                    s.execute("PRAGMA query_only = 1");
                } catch (SQLException e) {
                    throw failure("opening a read connection", e);
                }
                allReaders.add(s);
                return s;
            }
        }
        try {
            while (true) {
                ensureOpen();
                s = idleReaders.poll(100, TimeUnit.MILLISECONDS);
                if (s != null) {
                    return s;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for a read connection to " + settings.path());
        }
    }

    private void giveBack(SqlSession session) {
        if (closed) {
            session.close();
        } else {
            idleReaders.add(session);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("sqlite storage " + settings.path() + " is closed");
        }
    }

    /** Translates an SQL failure into a one-line storage error naming the file and what to do. */
    StorageException failure(String action, SQLException e) {
        return translate(settings.path(), settings, action, e);
    }

    static StorageException translate(Path path, SqliteSettings settings, String action, SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        String detail = e.getMessage() == null ? "" : e.getMessage();
        switch (primary) {
            case 11: // SQLITE_CORRUPT
            case 26: // SQLITE_NOTADB
                return new SqliteDatabaseException(path, Problem.CORRUPT, "sqlite database " + path
                        + " is damaged (" + detail + ") while " + action + ": restore it from a backup, or"
                        + " salvage it with `sqlite3 " + path + " .recover`", e);
            case 5: // SQLITE_BUSY
            case 6: // SQLITE_LOCKED
                return new SqliteDatabaseException(path, Problem.BUSY, "sqlite database " + path
                        + " stayed locked by another process for longer than busy_timeout="
                        + settings.busyTimeout().toMillis() + "ms while " + action
                        + ": raise busy_timeout or find the process holding the lock", e);
            case 13: // SQLITE_FULL
                return new SqliteDatabaseException(path, Problem.IO, "disk full while " + action + " in sqlite"
                        + " database " + path + ": free space; committed data is intact", e);
            case 8: // SQLITE_READONLY
            case 10: // SQLITE_IOERR
            case 14: // SQLITE_CANTOPEN
            case 23: // SQLITE_AUTH
                return new SqliteDatabaseException(path, Problem.IO, "cannot use sqlite database " + path
                        + " while " + action + " (" + detail + "): check the file's permissions and disk", e);
            default:
                return new StorageException("sqlite error while " + action + " in " + path + ": " + detail, e);
        }
    }

    /** Closes every connection; the last one out checkpoints the WAL into the database file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writeLock.lock();
        try {
            writer.close();
            if (turns != null) {
                turns.close();
            }
        } finally {
            writeLock.unlock();
        }
        SqlSession s;
        while ((s = idleReaders.poll()) != null) {
            s.close();
        }
        // A reader still borrowed by a call racing this close is closed when given back, after this.
        OpenFiles.release(key);
    }
}
