package io.shadowcat.storage.layer.encryption;

import io.shadowcat.storage.layer.ForwardingBackend;
import io.shadowcat.storage.StorageStats;
import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.storage.support.TapeSearchMatcher;
import io.shadowcat.storage.support.TapeStatsCollector;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.FrameOrder;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeRecord;
import io.shadowcat.tape.TapeStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The encryption layer over a provider: tapes go down as {@link SealedHeader sealed headers} and
 * {@link Segments segments}, and come back decrypted. Listing and search decrypt as they go (one header
 * per listed tape; every segment of each tape a search has to read), since the provider sees no plaintext
 * to filter or index.
 */
final class EncryptedBackend extends ForwardingBackend {

    private static final int LIST_PAGE = 500;

    private final AgeCipher cipher;
    private final Set<EncryptedTapeWriter> writers = ConcurrentHashMap.newKeySet();
    /**
     * Where live tapes' segments are encrypted and stored ({@link SegmentSealer}): one worker per core (at
     * most {@value #MAX_SEALERS}), started on demand and stopped after {@value #IDLE_SECONDS} s idle, daemons;
     * owned by this backend and shut down by {@link #close} once its writers are finished.
     */
    private final ThreadPoolExecutor sealing;
    private static final int MAX_SEALERS = 4;
    private static final int IDLE_SECONDS = 30;
    private static final AtomicInteger SEALER_THREADS = new AtomicInteger();

    EncryptedBackend(TapeStorageBackend inner, AgeCipher cipher) {
        super(inner);
        this.cipher = cipher;
        int workers = Math.max(1, Math.min(MAX_SEALERS, Runtime.getRuntime().availableProcessors()));
        this.sealing = new ThreadPoolExecutor(workers, workers, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread t = new Thread(task, "shadowcat-sealer-" + SEALER_THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.sealing.allowCoreThreadTimeOut(true);
    }

    @Override
    public void save(Tape tape) {
        inner.save(seal(tape));
    }

    @Override
    public void saveAll(List<Tape> tapes) {
        List<Tape> sealed = new ArrayList<>(tapes.size());
        for (Tape t : tapes) {
            sealed.add(seal(t));
        }
        inner.saveAll(sealed);
    }

    /** The provider's form of a whole tape: segments in JSON Lines order, a sealed header. */
    Tape seal(Tape tape) {
        FrameOrder.check(tape.id(), tape.frames()); // before anything is encrypted or stored
        TapeStatsCollector stats = new TapeStatsCollector();
        List<Frame> stored = new ArrayList<>();
        Map<Long, List<Correlation>> after = new HashMap<>();
        List<Correlation> orphans = new ArrayList<>();
        Set<Long> seqs = new java.util.HashSet<>();
        tape.frames().forEach(f -> seqs.add(f.seq()));
        for (Correlation c : tape.correlations()) {
            long at = Math.max(c.requestSeq(), c.responseSeq());
            (seqs.contains(at) ? after.computeIfAbsent(at, k -> new ArrayList<>()) : orphans).add(c);
        }
        long segments = 0;
        Segments.Builder segment = new Segments.Builder(tape.header(), 0);
        for (Frame f : tape.frames()) {
            segment.add(f);
            stats.accept(f);
            for (Correlation c : after.getOrDefault(f.seq(), List.of())) {
                segment.add(c);
                stats.accept(c);
            }
            if (segment.full()) {
                stored.addAll(Segments.stored(stored.size(), segments, cipher.encrypt(tape.id(), "segment " + segments,
                        segment.bytes())));
                segment = new Segments.Builder(tape.header(), ++segments);
            }
        }
        for (Correlation c : orphans) {
            segment.add(c);
            stats.accept(c);
        }
        if (!segment.isEmpty()) {
            stored.addAll(Segments.stored(stored.size(), segments, cipher.encrypt(tape.id(), "segment " + segments,
                    segment.bytes())));
            segments++;
        }
        TapeHeader header = SealedHeader.seal(cipher, tape.header(), stats.stats(0), segments);
        return new Tape(header, stored, List.of());
    }

    @Override
    public Tape load(TapeId id) {
        SealedHeader.Opened opened = opened(id);
        if (opened == null) {
            return inner.load(id);
        }
        List<Frame> frames = new ArrayList<>();
        List<Correlation> correlations = new ArrayList<>();
        try (Stream<TapeRecord> records = records(id, opened)) {
            records.forEach(r -> {
                if (r instanceof Frame f) {
                    frames.add(f);
                } else if (r instanceof Correlation c) {
                    correlations.add(c);
                }
            });
        }
        return new Tape(opened.header(), frames, correlations);
    }

    @Override
    public TapeHeader header(TapeId id) {
        SealedHeader.Opened opened = opened(id);
        return opened == null ? inner.header(id) : opened.header();
    }

    @Override
    public Stream<Correlation> streamCorrelations(TapeId id) {
        SealedHeader.Opened opened = opened(id);
        if (opened == null) {
            return inner.streamCorrelations(id);
        }
        return records(id, opened).filter(Correlation.class::isInstance).map(Correlation.class::cast);
    }

    @Override
    public Stream<Frame> streamFrames(TapeId id) {
        SealedHeader.Opened opened = opened(id);
        if (opened == null) {
            return inner.streamFrames(id);
        }
        return records(id, opened).filter(Frame.class::isInstance).map(Frame.class::cast);
    }

    /** The decrypted header, or null for a tape stored in the clear (written before encryption was on). */
    private SealedHeader.Opened opened(TapeId id) {
        TapeHeader stored = inner.header(id);
        return SealedHeader.isSealed(stored) ? SealedHeader.open(cipher, stored) : null;
    }

    /** Every record of a sealed tape, decrypted a segment at a time, checked for gaps and a cut end. */
    private Stream<TapeRecord> records(TapeId id, SealedHeader.Opened opened) {
        Stream<Frame> stored = inner.streamFrames(id);
        Iterator<Frame> segments = stored.iterator();
        boolean complete = opened.header().metadata().status() != TapeStatus.RECORDING;
        Iterator<TapeRecord> it = new Iterator<>() {
            private Iterator<TapeRecord> current = java.util.Collections.emptyIterator();
            private final Segments.Joiner joiner = new Segments.Joiner(id);
            private final FrameOrder order = new FrameOrder(id);

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (!segments.hasNext()) {
                        if (complete && (joiner.midSegment() || joiner.segments() < opened.segments())) {
                            throw AgeCipher.damaged(id, "segment " + joiner.segments(), "missing or cut short: the tape"
                                    + " was sealed with " + opened.segments() + " segments", null);
                        }
                        return false; // a live tape: what is being sealed now is read next time
                    }
                    long index = joiner.segments();
                    byte[] ageFile = joiner.accept(segments.next());
                    if (ageFile == null) {
                        continue;
                    }
                    String part = "segment " + index;
                    List<TapeRecord> records = Segments.records(id, index, cipher.decrypt(id, part, ageFile));
                    for (TapeRecord r : records) {
                        if (r instanceof Frame f && f.seq() <= order.last()) {
                            throw AgeCipher.damaged(id, part, "frame " + f.seq() + " comes after frame " + order.last()
                                    + ": segments were reordered", null);
                        } else if (r instanceof Frame f) {
                            order.accept(f.seq());
                        }
                    }
                    current = records.stream().filter(r -> r instanceof Frame || r instanceof Correlation).iterator();
                }
                return true;
            }

            @Override
            public TapeRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false)
                .onClose(stored::close);
    }

    @Override
    public TapeWriter openWriter(TapeHeader header) {
        EncryptedTapeWriter w = new EncryptedTapeWriter(this, cipher, header, sealing);
        writers.add(w);
        return w;
    }

    /** The provider's writer for a new sealed tape. */
    TapeWriter openInner(TapeHeader sealed) {
        return inner.openWriter(sealed);
    }

    void done(EncryptedTapeWriter w) {
        writers.remove(w);
    }

    @Override
    public Page<TapeSummary> list(TapeQuery query) {
        if (query.sessionId() == null && query.nameContains() == null) {
            // every filter is on clear fields: the provider pages, only the page's headers are decrypted
            Page<TapeSummary> page = inner.list(query);
            List<TapeSummary> items = new ArrayList<>(page.items().size());
            for (TapeSummary s : page.items()) {
                try {
                    items.add(opened(s, null));
                } catch (TapeNotFoundException goneMeanwhile) {
                    // deleted since the provider listed it
                }
            }
            return new Page<>(items, page.total(), page.offset(), page.limit());
        }
        List<TapeSummary> all = summaries(query.tags(), query.status(), query.createdAfter(), query.createdBefore(),
                query.sessionId() != null || query.nameContains() != null, null);
        List<TapeSummary> matching = all.stream().filter(query::matches).toList();
        return Page.of(matching, query.offset(), query.limit());
    }

    @Override
    public Page<SearchHit> search(SearchQuery query) {
        Map<TapeId, String> descriptions = new HashMap<>();
        List<TapeSummary> all = summaries(query.tags(), query.status(), query.after(), query.before(), true,
                descriptions);
        return new TapeSearchMatcher(query).scan(all, s -> descriptions.get(s.id()), this::streamFrames);
    }

    /**
     * The summaries of the tapes whose clear fields match, newest first, with name, session and counters
     * decrypted. Without an identity only the clear fields are known, unless {@code needPlain}, which then
     * ends in the no-identity error.
     */
    private List<TapeSummary> summaries(Set<String> tags, TapeStatus status, java.time.Instant after,
                                        java.time.Instant before, boolean needPlain, Map<TapeId, String> descriptions) {
        List<TapeSummary> out = new ArrayList<>();
        int offset = 0;
        while (true) {
            Page<TapeSummary> page = inner.list(new TapeQuery(tags, status, null, null, after, before, offset, LIST_PAGE));
            for (TapeSummary s : page.items()) {
                if (needPlain && !cipher.keys().canRead()) {
                    cipher.decrypt(s.id(), "header", new byte[0]); // the one no-identity error
                }
                try {
                    out.add(opened(s, descriptions));
                } catch (TapeNotFoundException goneMeanwhile) {
                    // deleted since it was listed
                }
            }
            if (!page.hasMore() || page.items().isEmpty()) {
                return out;
            }
            offset += page.items().size();
        }
    }

    /**
     * The provider's summary of a tape with name, session and counters from its sealed header; without an
     * identity, only the clear fields (no name or session, counters 0).
     */
    private TapeSummary opened(TapeSummary s, Map<TapeId, String> descriptions) {
        TapeHeader stored = inner.header(s.id());
        if (!SealedHeader.isSealed(stored)) {
            if (descriptions != null) {
                descriptions.put(s.id(), stored.metadata().description());
            }
            return s;
        }
        if (!cipher.keys().canRead()) {
            return new TapeSummary(s.id(), null, null, s.createdAt(), s.status(), 0, 0, s.sizeBytes(), s.tags());
        }
        TapeHeader h = SealedHeader.open(cipher, stored).header();
        if (descriptions != null) {
            descriptions.put(s.id(), h.metadata().description());
        }
        return new TapeSummary(s.id(), h.metadata().name(), h.sessionId(), s.createdAt(), s.status(),
                h.metadata().stats().frameCount(), h.metadata().stats().durationMs(), s.sizeBytes(), s.tags());
    }

    @Override
    public StorageStats stats() {
        return StorageStats.of(summaries(Set.of(), null, null, null, false, null));
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        Set<ProviderCapability> caps = EnumSet.noneOf(ProviderCapability.class);
        caps.addAll(inner.capabilities());
        caps.add(ProviderCapability.ENCRYPTION);
        caps.add(ProviderCapability.SUBSTRING_SEARCH); // the layer scans, whatever the provider can
        caps.add(ProviderCapability.RANKED_SEARCH);
        return caps;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (EncryptedTapeWriter w : List.copyOf(writers)) {
            try {
                w.close(); // its last segment and final header go down before the provider closes
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        sealing.shutdown(); // its writers are finished: no task is left
        inner.close();
        if (first != null) {
            throw first;
        }
    }
}
