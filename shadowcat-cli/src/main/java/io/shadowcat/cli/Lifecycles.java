package io.shadowcat.cli;

import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.layer.AuditOperation;
import io.shadowcat.storage.layer.AuditOutcome;
import io.shadowcat.storage.layer.AuditRecorder;
import io.shadowcat.storage.layer.LegalHold;
import io.shadowcat.storage.layer.StorageLayers;
import io.shadowcat.storage.layer.TapeLifecycle;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.TapeId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The layers' APIs as commands use them: the retention lock and legal holds of the storage a command opened (as
 * {@code tape list} and {@code show} print them), and its audit log.
 */
final class Lifecycles {

    private Lifecycles() {
    }

    /** The storage's lifecycle API (always there on a storage the registry opened). */
    static TapeLifecycle of(TapeStorageBackend storage) {
        return StorageLayers.find(storage, TapeLifecycle.class).orElseThrow(() -> new IllegalStateException(
                "this storage was opened without the retention layer: " + storage));
    }

    /**
     * Adds a line to the storage's audit log, when it has one, for a command made of several storage calls
     * (export, migrate); the calls themselves are audited by the layer.
     */
    static void audit(TapeStorageBackend storage, AuditOperation op, java.util.List<TapeId> tapes, AuditOutcome outcome,
                      String detail) {
        StorageLayers.find(storage, AuditRecorder.class).ifPresent(r -> r.record(op, tapes, outcome, detail));
    }

    /** "held", "locked until ...", both, or empty. */
    static String text(Optional<Instant> lockedUntil, LegalHold hold) {
        String lock = lockedUntil.map(u -> "locked until " + u).orElse("");
        String held = hold == null ? "" : "held";
        return held.isEmpty() ? lock : lock.isEmpty() ? held : held + ", " + lock;
    }

    /** The state column of one listed tape. */
    static String text(TapeLifecycle lifecycle, Map<TapeId, LegalHold> holds, TapeSummary s) {
        return text(lifecycle.lockedUntil(s), holds.get(s.id()));
    }
}
