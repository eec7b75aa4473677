package io.shadowcat.storage.memory;

import io.shadowcat.storage.CorruptTapeException;
import io.shadowcat.storage.HealthStatus;
import io.shadowcat.storage.support.LiveTapes;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.support.StorageState;
import io.shadowcat.storage.StorageStats;
import io.shadowcat.storage.TapeExistsException;
import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.support.TapeSearchMatcher;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Checkpoint;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.FrameOrder;
import io.shadowcat.tape.JsonLinesTapeReader;
import io.shadowcat.tape.JsonLinesTapeWriter;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeFormatException;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeRecord;
import io.shadowcat.storage.support.TapeStatsCollector;
import io.shadowcat.tape.TapeStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code memory} provider's backend: tapes held as JSON Lines bytes on the heap, so they cost what
 * their files would, and stream exactly as the filesystem's do. Bounded by tape count and bytes; when full
 * it evicts the oldest finished tapes and logs a warning saying so.
 */
final class MemoryBackend implements TapeStorageBackend {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryBackend.class);
    static final Set<ProviderCapability> CAPABILITIES =
            Set.copyOf(EnumSet.of(ProviderCapability.LIVE_APPEND, ProviderCapability.SUBSTRING_SEARCH,
                    ProviderCapability.RANKED_SEARCH, ProviderCapability.CONDITIONAL_CREATE));

    private final long maxTapes;
    private final long maxBytes;
    /** Insertion order is eviction order; guarded by itself. */
    private final Map<TapeId, StoredTape> tapes = new LinkedHashMap<>();
    private final AtomicLong evictions = new AtomicLong();
    private final StorageState state = new StorageState("memory storage");

    MemoryBackend(long maxTapes, long maxBytes) {
        this.maxTapes = maxTapes;
        this.maxBytes = maxBytes;
    }

    @Override
    public String providerName() {
        return MemoryStorageProvider.NAME;
    }

    @Override
    public void save(Tape tape) {
        ensureOpen();
        ChunkedBytes bytes = new ChunkedBytes();
        TapeStatsCollector stats;
        try {
            stats = JsonLinesTapeWriter.writeTape(tape, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TapeMetadata m = tape.metadata().withStats(stats.stats(bytes.length())).withPerformance(stats.performance());
        StoredTape stored = new StoredTape(tape.header().withMetadata(m), bytes, null);
        synchronized (tapes) {
            StoredTape old = tapes.get(tape.id());
            if (old != null && old.writer != null) {
                throw LiveTapes.refusal(tape.id(), "replace");
            }
            tapes.remove(tape.id());
            tapes.put(tape.id(), stored);
            try {
                makeRoom(stored);
            } catch (StorageException full) {
                tapes.remove(tape.id());
                throw full;
            }
        }
    }

    @Override
    public Tape load(TapeId id) {
        StoredTape t = get(id);
        try {
            Tape tape = JsonLinesTapeReader.readTape(t.open(), t.header(), id, "memory:" + id);
            return new Tape(t.header(), tape.frames(), tape.correlations());
        } catch (TapeFormatException e) {
            throw new CorruptTapeException(id, e.line(), e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public TapeHeader header(TapeId id) {
        return get(id).header();
    }

    @Override
    public Stream<Frame> streamFrames(TapeId id) {
        return frames(get(id), id);
    }

    @Override
    public Stream<Correlation> streamCorrelations(TapeId id) {
        return TapeRecord.correlations(records(get(id), id));
    }

    @Override
    public TapeWriter openWriter(TapeHeader header) {
        ensureOpen();
        TapeHeader start = header.withMetadata(header.metadata().recording(Instant.now()).withStats(null));
        StoredTape stored;
        synchronized (tapes) {
            if (tapes.containsKey(header.id())) {
                throw new TapeExistsException(header.id());
            }
            stored = new StoredTape(start, new ChunkedBytes(), null);
            tapes.put(header.id(), stored);
            makeRoom(stored);
        }
        try {
            MemoryTapeWriter writer = new MemoryTapeWriter(stored);
            stored.writer = writer;
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean delete(TapeId id) {
        ensureOpen();
        synchronized (tapes) {
            StoredTape t = tapes.get(id);
            if (t != null && t.writer != null) {
                throw LiveTapes.refusal(id, "delete");
            }
            return tapes.remove(id) != null;
        }
    }

    @Override
    public boolean exists(TapeId id) {
        ensureOpen();
        synchronized (tapes) {
            return tapes.containsKey(id);
        }
    }

    @Override
    public Page<TapeSummary> list(TapeQuery query) {
        ensureOpen();
        List<TapeSummary> all = summaries().stream().filter(query::matches).sorted(TapeQuery.NEWEST_FIRST).toList();
        return Page.of(all, query.offset(), query.limit());
    }

    @Override
    public Page<SearchHit> search(SearchQuery query) {
        ensureOpen();
        Map<TapeId, StoredTape> byId = new java.util.HashMap<>();
        List<TapeSummary> all = new ArrayList<>();
        for (StoredTape t : snapshot()) {
            TapeSummary s = t.summary();
            byId.put(s.id(), t);
            all.add(s);
        }
        return new TapeSearchMatcher(query).scan(all, s -> byId.get(s.id()).header().metadata().description(),
                id -> frames(byId.get(id), id));
    }

    @Override
    public StorageStats stats() {
        ensureOpen();
        return StorageStats.of(summaries());
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public HealthStatus health() {
        if (state.isClosed()) {
            return HealthStatus.failing("closed");
        }
        long n;
        synchronized (tapes) {
            n = tapes.size();
        }
        return HealthStatus.ok(n + " tapes in memory (max " + maxTapes + " tapes, " + maxBytes + " bytes), "
                + evictions.get() + " evicted");
    }

    @Override
    public void close() {
        if (!state.close()) {
            return;
        }
        for (StoredTape t : snapshot()) {
            MemoryTapeWriter w = t.writer;
            if (w != null) {
                w.finish(TapeStatus.FINALIZED);
            }
        }
        synchronized (tapes) {
            tapes.clear();
        }
    }

    @Override
    public String toString() {
        return "memory";
    }

    private StoredTape get(TapeId id) {
        ensureOpen();
        StoredTape t;
        synchronized (tapes) {
            t = tapes.get(id);
        }
        if (t == null) {
            throw new TapeNotFoundException(id);
        }
        MemoryTapeWriter w = t.writer;
        if (w != null) {
            w.push();
        }
        return t;
    }

    private static Stream<Frame> frames(StoredTape t, TapeId id) {
        return TapeRecord.frames(records(t, id));
    }

    private static Stream<TapeRecord> records(StoredTape t, TapeId id) {
        return new JsonLinesTapeReader(t.open(), "memory:" + id, id).stream();
    }

    private List<StoredTape> snapshot() {
        synchronized (tapes) {
            return new ArrayList<>(tapes.values());
        }
    }

    private List<TapeSummary> summaries() {
        ensureOpen();
        return snapshot().stream().map(StoredTape::summary).toList();
    }

    /** Evicts the oldest finished tapes until within bounds; {@code keep} is never evicted. */
    private void makeRoom(StoredTape keep) {
        synchronized (tapes) {
            long bytes = 0;
            for (StoredTape t : tapes.values()) {
                bytes += t.bytes.footprint();
            }
            var it = tapes.values().iterator();
            while ((tapes.size() > maxTapes || bytes > maxBytes) && it.hasNext()) {
                StoredTape t = it.next();
                if (t == keep || t.writer != null) {
                    continue;
                }
                it.remove();
                bytes -= t.bytes.footprint();
                evictions.incrementAndGet();
                LOG.warn("memory storage full (max_tapes={}, max_bytes={}): evicted the oldest tape {}; "
                        + "raise the limits to keep more", maxTapes, maxBytes, t.header().id());
            }
            if (bytes > maxBytes) {
                throw new StorageException("memory storage full: tapes being recorded alone exceed max_bytes="
                        + maxBytes + "; raise max_bytes or finish tapes");
            }
        }
    }

    private void ensureOpen() {
        state.ensureOpen();
    }

    /** One tape: its header and its JSON Lines bytes. */
    private static final class StoredTape {
        volatile TapeHeader header;
        final ChunkedBytes bytes;
        volatile MemoryTapeWriter writer;

        StoredTape(TapeHeader header, ChunkedBytes bytes, MemoryTapeWriter writer) {
            this.header = header;
            this.bytes = bytes;
            this.writer = writer;
        }

        TapeHeader header() {
            return header;
        }

        java.io.InputStream open() {
            return bytes.open();
        }

        TapeSummary summary() {
            MemoryTapeWriter w = writer;
            if (w != null) {
                return w.liveSummary();
            }
            TapeHeader h = header;
            return TapeSummary.of(h, h.metadata().status(), h.metadata().stats(), bytes.length());
        }
    }

    private final class MemoryTapeWriter implements TapeWriter {
        private final StoredTape tape;
        private final JsonLinesTapeWriter out;
        private final TapeStatsCollector stats = new TapeStatsCollector();
        private final FrameOrder order;
        private long appendedSinceCheck;
        private TapeSummary result;

        MemoryTapeWriter(StoredTape tape) throws IOException {
            this.tape = tape;
            this.order = new FrameOrder(tape.header().id());
            this.out = new JsonLinesTapeWriter(tape.bytes, tape.header());
            out.write(tape.header());
            out.flush();
        }

        @Override
        public TapeId id() {
            return tape.header().id();
        }

        @Override
        public synchronized void append(Frame frame) {
            ensureWritable();
            order.accept(frame.seq());
            write(frame);
            if (++appendedSinceCheck >= 1024) {
                appendedSinceCheck = 0;
                makeRoom(tape);
            }
        }

        @Override
        public synchronized void append(Correlation correlation) {
            ensureWritable();
            write(correlation);
        }

        @Override
        public synchronized void updateHeader(TapeHeader header) {
            ensureWritable();
            StorageState.requireSameTape(id(), header);
            TapeHeader old = tape.header();
            tape.header = new TapeHeader(old.id(), old.sessionId(), old.createdAt(), header.protocolVersion(),
                    header.metadata().recording(Instant.now()));
        }

        @Override
        public synchronized void flush() {
            push();
        }

        synchronized void push() {
            if (result == null) {
                try {
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        synchronized TapeSummary liveSummary() {
            return TapeSummary.of(tape.header(), TapeStatus.RECORDING, stats.stats(0),
                    tape.bytes.length() + out.buffered());
        }

        @Override
        public synchronized TapeSummary finish(TapeStatus status) {
            if (result != null) {
                return result;
            }
            Checkpoint end = new Checkpoint(Instant.now(), Math.max(0, order.last()), stats.stats(0));
            write(end);
            push();
            Instant now = Instant.now();
            TapeHeader h = tape.header();
            tape.header = h.withMetadata(h.metadata().withStatus(status).withTimes(now, now)
                    .withStats(stats.stats(tape.bytes.length())).withPerformance(stats.performance()));
            result = TapeSummary.of(h, status, stats.stats(0), tape.bytes.length());
            tape.writer = null;
            return result;
        }

        @Override
        public void close() {
            finish(TapeStatus.FINALIZED);
        }

        private void write(TapeRecord r) {
            try {
                out.write(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            stats.accept(r);
        }

        private void ensureWritable() {
            if (result != null) {
                throw StorageState.finishedWriter(id());
            }
        }
    }
}
