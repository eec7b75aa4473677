package io.shadowcat.sqlite;

import java.util.Locale;

/** SQLite's {@code PRAGMA synchronous} levels that make sense in WAL mode. */
enum Synchronous {
    /** No fsync at all: an OS crash or power loss can corrupt the database. For throwaway data only. */
    OFF,
    /** fsync at checkpoints: a process crash loses nothing committed; power loss may lose the last commits. */
    NORMAL,
    /** fsync at every commit: committed batches survive power loss too. */
    FULL,
    /** Like FULL, and also syncs the directory after deleting a journal. */
    EXTRA;

    static Synchronous parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    String pragmaValue() {
        return name();
    }
}
