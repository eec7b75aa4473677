package io.shadowcat.storage.layer;

import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Writes an audit line for every storage operation, after it ran, with its outcome: refused and failed
 * operations are on the record too. Frames appended to a live tape are not (one line per frame would be the
 * tape again); its opening and its finalizing are. Legal holds, releases and governance bypasses go through
 * here too ({@link TapeLifecycle} is forwarded to the retention layer below and audited).
 */
final class AuditBackend extends ForwardingBackend implements AuditRecorder, TapeLifecycle {

    private final AuditLog log;

    AuditBackend(TapeStorageBackend inner, AuditLog log) {
        super(inner);
        this.log = log;
    }

    @Override
    public void record(AuditOperation operation, List<TapeId> tapes, AuditOutcome outcome, String detail) {
        log.append(operation, tapes, outcome, detail);
    }

    @Override
    public void save(Tape tape) {
        audited(AuditOperation.SAVE, List.of(tape.id()), null, () -> {
            inner.save(tape);
            return null;
        }, r -> null);
    }

    @Override
    public void saveAll(List<Tape> tapes) {
        audited(AuditOperation.SAVE, tapes.stream().map(Tape::id).toList(), null, () -> {
            inner.saveAll(tapes);
            return null;
        }, r -> null);
    }

    @Override
    public Tape load(TapeId id) {
        return audited(AuditOperation.LOAD, List.of(id), null, () -> inner.load(id), r -> null);
    }

    @Override
    public TapeHeader header(TapeId id) {
        return audited(AuditOperation.LOAD, List.of(id), "header", () -> inner.header(id), r -> null);
    }

    @Override
    public Stream<Correlation> streamCorrelations(TapeId id) {
        return audited(AuditOperation.LOAD, List.of(id), "correlations", () -> inner.streamCorrelations(id), r -> null);
    }

    @Override
    public Stream<Frame> streamFrames(TapeId id) {
        return audited(AuditOperation.LOAD, List.of(id), "frames", () -> inner.streamFrames(id), r -> null);
    }

    @Override
    public TapeWriter openWriter(TapeHeader header) {
        TapeWriter w = audited(AuditOperation.OPEN_WRITER, List.of(header.id()), null,
                () -> inner.openWriter(header), r -> null);
        return new Writer(w);
    }

    @Override
    public boolean delete(TapeId id) {
        return audited(AuditOperation.DELETE, List.of(id), null, () -> inner.delete(id),
                deleted -> deleted ? null : "absent");
    }

    @Override
    public Page<TapeSummary> list(TapeQuery query) {
        return audited(AuditOperation.LIST, List.of(), null, () -> inner.list(query), p -> p.items().size() + " of "
                + p.total());
    }

    @Override
    public Page<SearchHit> search(SearchQuery query) {
        return audited(AuditOperation.SEARCH, List.of(), null, () -> inner.search(query),
                p -> p.items().size() + " of " + p.total());
    }

    // --- TapeLifecycle, forwarded and audited ---

    private TapeLifecycle lifecycle() {
        return StorageLayers.find(inner, TapeLifecycle.class).orElseThrow(() -> new IllegalStateException(
                "no retention layer below the audit layer of " + inner));
    }

    @Override
    public Optional<RetentionLock> retentionLock() {
        return lifecycle().retentionLock();
    }

    @Override
    public LifecycleState state(TapeId id) {
        return lifecycle().state(id);
    }

    @Override
    public Optional<Instant> lockedUntil(TapeSummary tape) {
        return lifecycle().lockedUntil(tape);
    }

    @Override
    public Map<TapeId, LegalHold> holds() {
        return lifecycle().holds();
    }

    @Override
    public LegalHold hold(TapeId id, String reason) {
        // The reason is the holder's free text: kept in the hold record, not copied into the log.
        return audited(AuditOperation.HOLD, List.of(id), null, () -> lifecycle().hold(id, reason), r -> null);
    }

    @Override
    public boolean release(TapeId id) {
        return audited(AuditOperation.RELEASE, List.of(id), null, () -> lifecycle().release(id),
                released -> released ? null : "not held");
    }

    @Override
    public boolean deleteBypassingRetention(TapeId id) {
        return audited(AuditOperation.DELETE, List.of(id), "bypass-retention",
                () -> lifecycle().deleteBypassingRetention(id), deleted -> deleted ? "bypass-retention" : "absent");
    }

    /** Runs {@code call}, then writes its line: the outcome, and a detail that is never an exception's message. */
    private <T> T audited(AuditOperation op, List<TapeId> tapes, String what, Supplier<T> call,
                          Function<T, String> detail) {
        T result;
        try {
            result = call.get();
        } catch (TapeNotFoundException e) {
            log.append(op, tapes, AuditOutcome.NOT_FOUND, what);
            throw e;
        } catch (LegalHoldException | RetentionLockedException e) {
            log.append(op, tapes, AuditOutcome.REFUSED, join(what, e.getClass().getSimpleName()));
            throw e;
        } catch (RuntimeException e) {
            log.append(op, tapes, AuditOutcome.FAILED, join(what, e.getClass().getSimpleName()));
            throw e;
        }
        String d = detail.apply(result);
        log.append(op, tapes, AuditOutcome.OK, d != null && what != null && d.equals(what) ? d : join(what, d));
        return result;
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + ", " + b;
    }

    @Override
    public String toString() {
        return "audit(" + log.path() + ") of " + inner;
    }

    /** Audits the one event of a live tape that matters: its end. */
    private final class Writer extends ForwardingWriter {
        private boolean finished;

        Writer(TapeWriter inner) {
            super(inner);
        }

        @Override
        public TapeSummary finish(TapeStatus status) {
            if (finished) {
                return inner.finish(status);
            }
            TapeSummary s = audited(AuditOperation.FINALIZE, List.of(inner.id()), status.name().toLowerCase(
                    java.util.Locale.ROOT), () -> inner.finish(status), r -> null);
            finished = true;
            return s;
        }

        @Override
        public void close() {
            if (finished) {
                inner.close();
                return;
            }
            finished = true;
            audited(AuditOperation.FINALIZE, List.of(inner.id()), "closed", () -> {
                inner.close();
                return null;
            }, r -> null);
        }
    }
}
