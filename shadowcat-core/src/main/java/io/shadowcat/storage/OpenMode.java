package io.shadowcat.storage;

/**
 * Why a storage is opened, which decides whether it may be created. Commands that only read (list, show,
 * search, export, replay, stats) and {@code tape rm} open {@link #EXISTING}; commands that store tapes
 * ({@code record}, {@code import}, a migration's destination) open {@link #CREATE}.
 */
public enum OpenMode {

    /**
     * The storage must already exist: when it does not, opening fails with {@link StorageNotFoundException}
     * naming it, and nothing is created. Opening writes nothing either (no directories, index or lock files,
     * schema changes or housekeeping), so a storage on a full or read-only disk can still be read and
     * cleaned up; the operations called afterwards (a {@code delete}) write what they must.
     */
    EXISTING,

    /** The storage is created when missing, and opening may do housekeeping writes. */
    CREATE
}
