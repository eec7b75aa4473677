package io.shadowcat.storage.layer;

import java.util.Locale;

/** What an audit line records. The audit layer writes the storage operations; commands add the others. */
public enum AuditOperation {
    SAVE, OPEN_WRITER, FINALIZE, LOAD, LIST, SEARCH, EXPORT, DELETE, MIGRATE, HOLD, RELEASE, REKEY, VERIFY;

    /** As written in the log: lower case, e.g. {@code open_writer}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
