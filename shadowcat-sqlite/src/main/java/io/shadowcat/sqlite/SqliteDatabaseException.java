package io.shadowcat.sqlite;

import io.shadowcat.storage.StorageException;
import java.nio.file.Path;

/**
 * The database file cannot be used as it is. Nothing in the file has been changed; the message names
 * the file and says what to do.
 */
public final class SqliteDatabaseException extends StorageException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Problem {
        /** Not an SQLite database at all, or damaged. */
        CORRUPT,
        /** An SQLite database, but not one of Shadowcat's tape databases. */
        FOREIGN_SCHEMA,
        /** Written by a newer Shadowcat whose schema this version does not know. */
        NEWER_SCHEMA,
        /** Another process held the write lock for longer than {@code busy_timeout}. */
        BUSY,
        /** The disk is full or the file cannot be read, written or created. */
        IO
    }

    private final transient Path path;
    private final Problem problem;

    SqliteDatabaseException(Path path, Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
        this.problem = problem;
    }

    /** The database file. */
    public Path path() {
        return path;
    }

    public Problem problem() {
        return problem;
    }
}
