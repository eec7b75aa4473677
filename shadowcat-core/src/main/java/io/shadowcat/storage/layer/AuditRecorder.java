package io.shadowcat.storage.layer;

import io.shadowcat.tape.TapeId;
import java.util.List;

/**
 * Adds a line to the audit log of a storage that has one, for operations made of several storage calls
 * (export, migrate, rekey, verify). Reach it with {@code StorageLayers.find(backend, AuditRecorder.class)};
 * absent when the storage has no {@code audit_log}.
 */
public interface AuditRecorder {

    /**
     * Appends one line, fsynced before this returns.
     *
     * @param detail a short fact (a count, an exception type, a flag such as {@code bypass-retention}), or null;
     *     never a message, a key, a query or anything a tape holds: the log is readable by auditors, not a
     *     secret store
     * @throws io.shadowcat.storage.StorageException when the line cannot be written
     */
    void record(AuditOperation operation, List<TapeId> tapes, AuditOutcome outcome, String detail);
}
