package io.shadowcat.storage.layer;

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
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.FrameOrder;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One namespace's view of a storage: ids mapped down and up, listings and searches narrowed by its tag. The
 * retention layer below keys holds by stored id; this view forwards {@link TapeLifecycle} with ids mapped and
 * shows only its own namespace's holds.
 */
final class NamespaceBackend extends ForwardingBackend implements TapeLifecycle {

    private final Namespace ns;

    NamespaceBackend(TapeStorageBackend inner, Namespace ns) {
        super(inner);
        this.ns = ns;
    }

    @Override
    public void save(Tape tape) {
        Tape down = down(tape);
        mapped(tape.id(), () -> {
            inner.save(down);
            return null;
        });
    }

    @Override
    public void saveAll(List<Tape> tapes) {
        List<Tape> down = tapes.stream().map(this::down).toList();
        try {
            inner.saveAll(down);
        } catch (LegalHoldException e) {
            throw e.as(userId(e.hold().tape()));
        } catch (RetentionLockedException e) {
            throw e.as(userId(e.tape()));
        }
    }

    // The frame-order rule is checked here first so that its message names the user's id, not the stored one.
    private Tape down(Tape t) {
        FrameOrder.check(t.id(), t.frames());
        return new Tape(ns.down(t.header()), t.frames(), t.correlations());
    }

    @Override
    public Tape load(TapeId id) {
        Tape t = mapped(id, () -> inner.load(ns.stored(id)));
        return new Tape(ns.up(t.header()), t.frames(), t.correlations());
    }

    @Override
    public TapeHeader header(TapeId id) {
        return ns.up(mapped(id, () -> inner.header(ns.stored(id))));
    }

    @Override
    public Stream<Correlation> streamCorrelations(TapeId id) {
        return mapped(id, () -> inner.streamCorrelations(ns.stored(id)));
    }

    @Override
    public Stream<Frame> streamFrames(TapeId id) {
        return mapped(id, () -> inner.streamFrames(ns.stored(id)));
    }

    @Override
    public TapeWriter openWriter(TapeHeader header) {
        TapeWriter w;
        try {
            w = inner.openWriter(ns.down(header));
        } catch (TapeExistsException e) {
            throw new TapeExistsException(header.id());
        }
        return new Writer(w, header.id());
    }

    @Override
    public boolean delete(TapeId id) {
        return mapped(id, () -> inner.delete(ns.stored(id)));
    }

    @Override
    public boolean exists(TapeId id) {
        return inner.exists(ns.stored(id));
    }

    @Override
    public Page<TapeSummary> list(TapeQuery q) {
        Page<TapeSummary> p = inner.list(q.withTags(withTag(q.tags())));
        List<TapeSummary> items = p.items().stream().filter(ns::owns).map(ns::up).toList();
        return new Page<>(items, p.total() - (p.items().size() - items.size()), p.offset(), p.limit());
    }

    @Override
    public Page<SearchHit> search(SearchQuery q) {
        Page<SearchHit> p = inner.search(new SearchQuery(q.terms(), q.phrases(), q.method(), q.tool(),
                withTag(q.tags()), q.session(), q.status(), q.after(), q.before(), q.offset(), q.limit()));
        List<SearchHit> items = p.items().stream().filter(h -> ns.owns(h.tape()))
                .map(h -> new SearchHit(ns.up(h.tape()), h.score(), h.frameSeqs())).toList();
        return new Page<>(items, p.total() - (p.items().size() - items.size()), p.offset(), p.limit());
    }

    /** This namespace's totals, not the storage's: counted from its listing, a page at a time. */
    @Override
    public StorageStats stats() {
        List<TapeSummary> all = new ArrayList<>();
        int offset = 0;
        while (true) {
            Page<TapeSummary> page = list(TapeQuery.all().page(offset, 1000));
            all.addAll(page.items());
            offset += page.items().size();
            if (page.items().isEmpty() || !page.hasMore()) {
                return StorageStats.of(all);
            }
        }
    }

    @Override
    public String toString() {
        return "namespace " + ns.name() + " of " + inner;
    }

    private Set<String> withTag(Set<String> tags) {
        Set<String> out = new HashSet<>(tags);
        out.add(ns.tag());
        return out;
    }

    // The provider (or the retention layer) names the stored id; the user asked for theirs.
    private static <T> T mapped(TapeId id, Supplier<T> call) {
        try {
            return call.get();
        } catch (TapeNotFoundException e) {
            throw new TapeNotFoundException(id);
        } catch (LegalHoldException e) {
            throw e.as(id);
        } catch (RetentionLockedException e) {
            throw e.as(id);
        }
    }

    private TapeId userId(TapeId stored) {
        return ns.user(stored, List.of()).or(() -> {
            try {
                return ns.user(stored, inner.header(stored).metadata().tags());
            } catch (TapeNotFoundException e) {
                return java.util.Optional.empty();
            }
        }).orElse(stored);
    }

    // --- TapeLifecycle, ids mapped ---

    private TapeLifecycle lifecycle() {
        return StorageLayers.find(inner, TapeLifecycle.class).orElseThrow(() -> new IllegalStateException(
                "no retention layer below the namespace layer of " + inner));
    }

    @Override
    public java.util.Optional<RetentionLock> retentionLock() {
        return lifecycle().retentionLock();
    }

    @Override
    public LifecycleState state(TapeId id) {
        LifecycleState s = mapped(id, () -> lifecycle().state(ns.stored(id)));
        return new LifecycleState(id, s.lock(), s.lockedUntil(), s.hold() == null ? null : user(id, s.hold()));
    }

    @Override
    public java.util.Optional<java.time.Instant> lockedUntil(TapeSummary tape) {
        return lifecycle().lockedUntil(tape);
    }

    /** This namespace's holds only, by the user's ids. */
    @Override
    public java.util.Map<TapeId, LegalHold> holds() {
        java.util.Map<TapeId, LegalHold> out = new java.util.LinkedHashMap<>();
        lifecycle().holds().forEach((stored, hold) -> {
            if (ns.mine(stored)) {
                TapeId id = userId(stored);
                if (!id.equals(stored)) {
                    out.put(id, user(id, hold));
                }
            }
        });
        return out;
    }

    @Override
    public LegalHold hold(TapeId id, String reason) {
        return user(id, mapped(id, () -> lifecycle().hold(ns.stored(id), reason)));
    }

    @Override
    public boolean release(TapeId id) {
        return lifecycle().release(ns.stored(id));
    }

    @Override
    public boolean deleteBypassingRetention(TapeId id) {
        return mapped(id, () -> lifecycle().deleteBypassingRetention(ns.stored(id)));
    }

    private static LegalHold user(TapeId id, LegalHold h) {
        return new LegalHold(id, h.reason(), h.since(), h.actor());
    }

    private final class Writer extends ForwardingWriter {
        private final TapeId id;

        private long last = -1;

        Writer(TapeWriter inner, TapeId id) {
            super(inner);
            this.id = id;
        }

        @Override
        public void append(Frame frame) {
            FrameOrder.requireAfter(id, last, frame.seq());
            inner.append(frame);
            last = frame.seq();
        }

        @Override
        public TapeId id() {
            return id;
        }

        @Override
        public void updateHeader(TapeHeader header) {
            inner.updateHeader(ns.down(header));
        }

        @Override
        public TapeSummary finish(TapeStatus status) {
            return ns.up(inner.finish(status));
        }
    }
}
