package io.shadowcat.recorder;

import io.shadowcat.storage.HealthStatus;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.StorageStats;
import io.shadowcat.storage.TapeExistsException;
import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * A storage backend held in memory, with the faults recording must survive: slow appends, failing
 * appends, and a storage that cannot open a tape at all. The seam the recorder is tested through.
 */
final class InMemoryTapes implements TapeStorageBackend {

    /** What a writer saw, for assertions. */
    static final class Recorded {
        volatile TapeHeader header;
        final List<Frame> frames = new ArrayList<>();
        final List<Correlation> correlations = new ArrayList<>();
        volatile TapeStatus finishedWith;
        volatile int headerUpdates;

        synchronized Tape tape() {
            return new Tape(header.withMetadata(header.metadata().withStatus(
                    finishedWith == null ? TapeStatus.RECORDING : finishedWith)), frames, correlations);
        }
    }

    final Map<TapeId, Recorded> tapes = new ConcurrentHashMap<>();
    volatile long appendDelayMillis;
    volatile boolean failAppends;
    volatile boolean failOpen;
    /** Every flush throws, as a full disk or a failing sqlite commit does. */
    volatile boolean failFlushes;
    /** What the writers promise (null: nothing before finish, the SPI's default). */
    volatile Duration durabilityWindow;
    final AtomicInteger flushes = new AtomicInteger();
    /** Opens once any writer has stored a frame: for a test that must wait until recording is under way. */
    final CountDownLatch firstFrame = new CountDownLatch(1);

    Recorded only() {
        if (tapes.size() != 1) {
            throw new AssertionError("expected exactly one tape, found " + tapes.keySet());
        }
        return tapes.values().iterator().next();
    }

    @Override
    public String providerName() {
        return "in-memory-test";
    }

    @Override
    public void save(Tape tape) {
        Recorded r = new Recorded();
        r.header = tape.header();
        r.frames.addAll(tape.frames());
        r.correlations.addAll(tape.correlations());
        r.finishedWith = tape.metadata().status();
        tapes.put(tape.id(), r);
    }

    @Override
    public Tape load(TapeId id) {
        Recorded r = tapes.get(id);
        if (r == null) {
            throw new TapeNotFoundException(id);
        }
        return r.tape();
    }

    @Override
    public Stream<Frame> streamFrames(TapeId id) {
        return load(id).frames().stream();
    }

    @Override
    public TapeWriter openWriter(TapeHeader header) {
        if (failOpen) {
            throw new StorageException("disk on fire (test)");
        }
        Recorded r = new Recorded();
        r.header = header;
        if (tapes.putIfAbsent(header.id(), r) != null) {
            throw new TapeExistsException(header.id());
        }
        return new TapeWriter() {
            @Override
            public TapeId id() {
                return header.id();
            }

            @Override
            public void append(Frame frame) {
                pause();
                if (failAppends) {
                    throw new StorageException("write failed (test)");
                }
                synchronized (r) {
                    if (!r.frames.isEmpty() && r.frames.get(r.frames.size() - 1).seq() >= frame.seq()) {
                        throw new IllegalArgumentException("seq not increasing: " + frame.seq());
                    }
                    r.frames.add(frame);
                }
                firstFrame.countDown();
            }

            @Override
            public void append(Correlation correlation) {
                if (failAppends) {
                    throw new StorageException("write failed (test)");
                }
                synchronized (r) {
                    r.correlations.add(correlation);
                }
            }

            @Override
            public void updateHeader(TapeHeader newHeader) {
                r.header = newHeader;
                r.headerUpdates++;
            }

            @Override
            public void flush() {
                flushes.incrementAndGet();
                if (failFlushes) {
                    throw new StorageException("flush failed (test)");
                }
            }

            @Override
            public Optional<Duration> durabilityWindow() {
                return Optional.ofNullable(durabilityWindow);
            }

            @Override
            public TapeSummary finish(TapeStatus status) {
                if (r.finishedWith == null) {
                    r.finishedWith = status;
                }
                return new TapeSummary(header.id(), r.header.metadata().name(), header.sessionId(), header.createdAt(),
                        r.finishedWith, r.frames.size(), 0, 0, r.header.metadata().tags());
            }

            @Override
            public void close() {
                finish(TapeStatus.FINALIZED);
            }
        };
    }

    /** A slow disk: nothing waits on this delay to synchronise, it only makes appends take time. */
    private void pause() {
        long delay = appendDelayMillis;
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean delete(TapeId id) {
        return tapes.remove(id) != null;
    }

    @Override
    public boolean exists(TapeId id) {
        return tapes.containsKey(id);
    }

    @Override
    public Page<TapeSummary> list(TapeQuery query) {
        return new Page<>(List.of(), 0, query.offset(), query.limit());
    }

    @Override
    public Page<SearchHit> search(SearchQuery query) {
        throw new UnsupportedOperationException("not needed by the recorder");
    }

    @Override
    public StorageStats stats() {
        return new StorageStats(tapes.size(), 0, 0);
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        return Set.of(ProviderCapability.LIVE_APPEND);
    }

    @Override
    public HealthStatus health() {
        return HealthStatus.ok("in memory");
    }

    @Override
    public void close() {
    }
}
