package io.shadowcat.storage.layer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.StorageStats;
import io.shadowcat.storage.TapeExistsException;
import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.storage.support.DurationText;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Enforces the retention lock and legal holds above any provider, and keeps both in the storage itself.
 *
 * <p><b>Where the state lives.</b> A provider's tape metadata may be immutable once finalized, so the state
 * is kept in reserved tapes of the same storage, written through the provider's backend API at the storage's
 * root (this layer is the innermost, so every namespace and the operator's view share them, keyed by the
 * stored id; they are not encrypted): {@code _shadowcat-retention-lock} holds the lock policy, and one
 * {@code _shadowcat-hold-<hash of the id>} per held tape holds the hold (held id in the name, reason, time
 * and actor in the description). They are created {@code at} 1970-01-01T00:00:00Z, and every listing and
 * search through this layer asks for tapes created after that instant, so the provider itself leaves them out
 * and paging stays exact; their ids are refused to users. A hold is placed with {@code openWriter}, which
 * fails for an id that exists, so two processes holding one tape at once agree on one hold on providers with
 * conditional create; release is a delete.
 *
 * <p><b>Provider expiry.</b> A provider that expires tapes itself ({@code retention_max_age},
 * {@code retention_max_count}) does so below this layer and would delete a locked or held tape, so such a
 * backend does not open while a lock is in force or a hold exists, and refuses to place a hold.
 */
final class RetentionBackend extends ForwardingBackend implements TapeLifecycle {

    static final String RESERVED_PREFIX = "_shadowcat-";
    static final TapeId POLICY_ID = TapeId.of(RESERVED_PREFIX + "retention-lock");
    static final String HOLD_TAG = "shadowcat-legal-hold";
    /** When the reserved tapes say they were created: before anything a listing through this layer shows. */
    static final Instant RESERVED_AT = Instant.EPOCH;
    private static final Instant VISIBLE_FROM = RESERVED_AT.plusMillis(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STRIPES = 64;

    private final Optional<RetentionLock> lock;
    private final Optional<String> providerExpiry;
    private final String provider;
    private final Object[] stripes = new Object[STRIPES];

    private RetentionBackend(TapeStorageBackend inner, Optional<RetentionLock> lock, Optional<String> providerExpiry,
                             String provider) {
        super(inner);
        this.lock = lock;
        this.providerExpiry = providerExpiry;
        this.provider = provider;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * Opens the layer: reconciles the configured lock with the stored one, and refuses provider expiry while
     * a lock or a hold is in force.
     *
     * @param configured empty when the settings say nothing, {@code Optional.of(empty)} for {@code none}
     */
    static RetentionBackend open(TapeStorageBackend inner, Optional<Optional<RetentionLock>> configured,
                                 Optional<String> providerExpiry, String provider) {
        Optional<RetentionLock> stored = storedLock(inner);
        // Every refusal comes before anything is written: a storage that fails to open is left as it was.
        Optional<RetentionLock> wanted = configured.orElse(stored).or(() -> stored.filter(
                s -> s.mode() == RetentionMode.COMPLIANCE));
        RetentionBackend b = new RetentionBackend(inner, wanted, providerExpiry, provider);
        if (providerExpiry.isPresent()) {
            if (wanted.isPresent()) {
                Optional<RetentionLock> effective = wanted;
                throw new InvalidConfigException(provider, providerExpiry.get(), "the provider deletes expired tapes "
                        + "itself, below the retention lock (" + effective.get() + "), and would delete locked tapes; "
                        + "remove " + providerExpiry.get() + " from this storage's settings");
            }
            long held = b.holdRecords(0, 1).total();
            if (held > 0) {
                throw new InvalidConfigException(provider, providerExpiry.get(), "the provider deletes expired tapes "
                        + "itself, below the legal-hold layer, and this storage holds " + held + " tape(s) under legal "
                        + "hold; remove " + providerExpiry.get() + " from this storage's settings, or release the holds");
            }
        }
        return new RetentionBackend(inner, reconcile(inner, configured, stored, provider), providerExpiry, provider);
    }

    private static Optional<RetentionLock> reconcile(TapeStorageBackend inner,
                                                     Optional<Optional<RetentionLock>> configured,
                                                     Optional<RetentionLock> stored, String provider) {
        if (configured.isEmpty()) {
            return stored;
        }
        Optional<RetentionLock> want = configured.get();
        if (stored.isPresent() && stored.get().mode() == RetentionMode.COMPLIANCE
                && (want.isEmpty() || !want.get().atLeast(stored.get()))) {
            throw new InvalidConfigException(provider, RetentionLayer.LOCK, "this storage is under a compliance "
                    + "retention lock (" + stored.get() + "), which cannot be lifted or shortened; set "
                    + "retention_lock = compliance and retention_min_age of at least "
                    + Durations.text(stored.get().minAge()) + ", or leave both out");
        }
        if (want.equals(stored)) {
            return stored;
        }
        if (want.isEmpty()) {
            inner.delete(POLICY_ID);
            return Optional.empty();
        }
        writePolicy(inner, want.get(), stored.isPresent());
        return storedLock(inner).filter(s -> s.equals(want.get())).or(() -> {
            throw new StorageException("storage " + provider + ": another process set a different retention lock ("
                    + storedLock(inner).map(RetentionLock::toString).orElse("none") + ") while this one set "
                    + want.get() + "; open it again");
        });
    }

    private static Optional<RetentionLock> storedLock(TapeStorageBackend inner) {
        TapeHeader h;
        try {
            h = inner.header(POLICY_ID);
        } catch (TapeNotFoundException e) {
            return Optional.empty();
        }
        try {
            ObjectNode o = (ObjectNode) JSON.readTree(h.metadata().description());
            return Optional.of(new RetentionLock(RetentionMode.valueOf(o.get("mode").asText()),
                    DurationText.parse(o.get("min_age").asText()).orElseThrow()));
        } catch (IOException | RuntimeException e) {
            throw new StorageException("the stored retention lock (tape " + POLICY_ID + ") is unreadable: " + e
                    + "; nothing is deleted until it is repaired", e);
        }
    }

    private static void writePolicy(TapeStorageBackend inner, RetentionLock lock, boolean replace) {
        ObjectNode o = JSON.createObjectNode().put("mode", lock.mode().name()).put("min_age", lock.minAge().toString());
        TapeHeader header = reservedHeader(POLICY_ID, "retention lock", o.toString(), List.of());
        if (replace) {
            inner.save(new Tape(header.withMetadata(header.metadata().withStatus(TapeStatus.FINALIZED)), List.of(),
                    List.of()));
            return;
        }
        try (TapeWriter w = inner.openWriter(header)) {
            w.finish(TapeStatus.FINALIZED);
        } catch (TapeExistsException e) {
            // another process stored one at the same moment: the caller reads back which
        }
    }

    private static TapeHeader reservedHeader(TapeId id, String name, String description, List<String> tags) {
        return new TapeHeader(id, null, RESERVED_AT, null, TapeMetadata.named(name).withDescription(description)
                .withTags(tags));
    }

    // --- the TapeStorageBackend API, guarded ---

    @Override
    public void save(Tape tape) {
        user(tape.id());
        synchronized (stripe(tape.id())) {
            guard(tape.id(), "replace", false);
            inner.save(tape);
        }
    }

    @Override
    public void saveAll(List<Tape> tapes) {
        for (Tape t : tapes) {
            user(t.id());
            guard(t.id(), "replace", false);
        }
        inner.saveAll(tapes);
    }

    @Override
    public Tape load(TapeId id) {
        return inner.load(visible(id));
    }

    @Override
    public TapeHeader header(TapeId id) {
        return inner.header(visible(id));
    }

    @Override
    public Stream<Correlation> streamCorrelations(TapeId id) {
        return inner.streamCorrelations(visible(id));
    }

    @Override
    public Stream<Frame> streamFrames(TapeId id) {
        return inner.streamFrames(visible(id));
    }

    @Override
    public TapeWriter openWriter(TapeHeader header) {
        user(header.id());
        return inner.openWriter(header);
    }

    @Override
    public boolean delete(TapeId id) {
        return delete(id, false);
    }

    @Override
    public boolean exists(TapeId id) {
        return !reserved(id) && inner.exists(id);
    }

    @Override
    public Page<TapeSummary> list(TapeQuery q) {
        Instant after = q.createdAfter() == null || q.createdAfter().isBefore(VISIBLE_FROM) ? VISIBLE_FROM
                : q.createdAfter();
        return inner.list(new TapeQuery(q.tags(), q.status(), q.sessionId(), q.nameContains(), after,
                q.createdBefore(), q.offset(), q.limit()));
    }

    @Override
    public Page<SearchHit> search(SearchQuery q) {
        Instant after = q.after() == null || q.after().isBefore(VISIBLE_FROM) ? VISIBLE_FROM : q.after();
        return inner.search(new SearchQuery(q.terms(), q.phrases(), q.method(), q.tool(), q.tags(), q.session(),
                q.status(), after, q.before(), q.offset(), q.limit()));
    }

    /** The storage's totals without this layer's own records. */
    @Override
    public StorageStats stats() {
        StorageStats all = inner.stats();
        Page<TapeSummary> reserved = inner.list(new TapeQuery(Set.of(), null, null, null, null, VISIBLE_FROM, 0,
                10_000));
        long bytes = reserved.items().stream().mapToLong(TapeSummary::sizeBytes).sum();
        return new StorageStats(Math.max(0, all.tapeCount() - reserved.total()), all.frameCount(),
                Math.max(0, all.totalBytes() - bytes));
    }

    // --- TapeLifecycle ---

    @Override
    public Optional<RetentionLock> retentionLock() {
        return lock;
    }

    @Override
    public LifecycleState state(TapeId id) {
        TapeHeader h = header(id);
        Instant until = lock.flatMap(l -> l.lockedUntil(h, Instant.now())).orElse(null);
        return new LifecycleState(id, lock.orElse(null), until, holdOf(id).orElse(null));
    }

    @Override
    public Optional<Instant> lockedUntil(TapeSummary tape) {
        return lock.flatMap(l -> l.lockedUntil(tape.status(), tape.createdAt(), Instant.now()));
    }

    @Override
    public Map<TapeId, LegalHold> holds() {
        Map<TapeId, LegalHold> out = new LinkedHashMap<>();
        int offset = 0;
        while (true) {
            Page<TapeSummary> page = holdRecords(offset, 1000);
            for (TapeSummary s : page.items()) {
                readHold(s.id()).ifPresent(h -> out.put(h.tape(), h));
            }
            offset += page.items().size();
            if (page.items().isEmpty() || !page.hasMore()) {
                return out;
            }
        }
    }

    @Override
    public LegalHold hold(TapeId id, String reason) {
        user(id);
        if (providerExpiry.isPresent()) {
            throw new StorageException("cannot hold tape " + id + ": this storage's provider deletes expired tapes "
                    + "itself (" + providerExpiry.get() + "), below the legal-hold layer, and could not honour it; "
                    + "remove " + providerExpiry.get() + " from the storage settings first");
        }
        synchronized (stripe(id)) {
            if (!inner.exists(id)) {
                throw new TapeNotFoundException(id);
            }
            Actor actor = Actor.current();
            LegalHold hold = new LegalHold(id, reason, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                    actor.shown());
            ObjectNode o = JSON.createObjectNode().put("tape", id.value()).put("reason", hold.reason())
                    .put("since", hold.since().toString()).put("actor", hold.actor());
            TapeId record = holdId(id);
            try (TapeWriter w = inner.openWriter(reservedHeader(record, id.value(), o.toString(),
                    List.of(HOLD_TAG)))) {
                w.finish(TapeStatus.FINALIZED);
            } catch (TapeExistsException e) {
                return holdOf(id).orElseThrow(() -> new StorageException("tape " + id + ": a legal hold was being "
                        + "placed and released at once by another process; run tape hold again"));
            }
            // A delete that raced this hold may have removed the tape after the check above: say so, not "held".
            if (!inner.exists(id)) {
                inner.delete(record);
                throw new TapeNotFoundException(id);
            }
            return hold;
        }
    }

    @Override
    public boolean release(TapeId id) {
        user(id);
        synchronized (stripe(id)) {
            return inner.delete(holdId(id));
        }
    }

    @Override
    public boolean deleteBypassingRetention(TapeId id) {
        return delete(id, true);
    }

    // --- the rules, written once ---

    private boolean delete(TapeId id, boolean bypass) {
        user(id);
        synchronized (stripe(id)) {
            guard(id, "delete", bypass);
            return inner.delete(id);
        }
    }

    /** Refuses {@code what} (delete, replace) of a stored tape while a hold or the lock keeps it. */
    private void guard(TapeId id, String what, boolean bypass) {
        Optional<LegalHold> hold = holdOf(id);
        if (hold.isPresent()) {
            throw new LegalHoldException(what, hold.get());
        }
        if (lock.isEmpty()) {
            if (bypass) {
                throw new StorageException("tape " + id + ": --bypass-retention needs a governance retention lock, "
                        + "and this storage has no retention lock; delete it without the flag");
            }
            return;
        }
        RetentionLock l = lock.get();
        if (bypass && l.mode() == RetentionMode.COMPLIANCE) {
            throw new RetentionLockedException(id, what, l, stateUntil(id).orElse(Instant.now()));
        }
        if (bypass) {
            return;
        }
        Optional<Instant> until = stateUntil(id);
        if (until.isPresent()) {
            throw new RetentionLockedException(id, what, l, until.get());
        }
    }

    private Optional<Instant> stateUntil(TapeId id) {
        try {
            TapeHeader h = inner.header(id);
            return lock.flatMap(l -> l.lockedUntil(h, Instant.now()));
        } catch (TapeNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<LegalHold> holdOf(TapeId id) {
        TapeId record = holdId(id);
        return inner.exists(record) ? readHold(record) : Optional.empty();
    }

    private Optional<LegalHold> readHold(TapeId record) {
        TapeHeader h;
        try {
            h = inner.header(record);
        } catch (TapeNotFoundException e) {
            return Optional.empty();
        }
        try {
            ObjectNode o = (ObjectNode) JSON.readTree(h.metadata().description());
            return Optional.of(new LegalHold(TapeId.of(o.get("tape").asText()), o.path("reason").asText(""),
                    Instant.parse(o.get("since").asText()), o.path("actor").asText("")));
        } catch (IOException | RuntimeException e) {
            // An unreadable hold still holds: better a tape kept by mistake than one deleted under a hold.
            return Optional.of(new LegalHold(TapeId.of(h.metadata().name() == null || !TapeId.isValid(h.metadata().name())
                    ? record.value() : h.metadata().name()), "(unreadable hold record " + record + ")", RESERVED_AT, ""));
        }
    }

    private Page<TapeSummary> holdRecords(int offset, int limit) {
        return inner.list(new TapeQuery(Set.of(HOLD_TAG), null, null, null, null, VISIBLE_FROM, offset, limit));
    }

    static TapeId holdId(TapeId id) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(id.value().getBytes(StandardCharsets.UTF_8));
            return TapeId.of(RESERVED_PREFIX + "hold-" + HexFormat.of().formatHex(d, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static boolean reserved(TapeId id) {
        return id.value().startsWith(RESERVED_PREFIX);
    }

    /** Refuses a reserved id from a caller: those tapes are this layer's. */
    private static void user(TapeId id) {
        if (reserved(id)) {
            throw new IllegalArgumentException("tape ids starting with " + RESERVED_PREFIX
                    + " are reserved for Shadowcat's own records; choose another id");
        }
    }

    /** A reserved id reads as absent. */
    private static TapeId visible(TapeId id) {
        if (reserved(id)) {
            throw new TapeNotFoundException(id);
        }
        return id;
    }

    private Object stripe(TapeId id) {
        return stripes[Math.floorMod(id.hashCode(), STRIPES)];
    }

    @Override
    public String toString() {
        return "retention(" + lock.map(RetentionLock::toString).orElse("no lock") + ") of " + inner;
    }
}
