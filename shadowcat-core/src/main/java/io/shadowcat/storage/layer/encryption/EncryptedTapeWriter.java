package io.shadowcat.storage.layer.encryption;

import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.storage.support.StorageState;
import io.shadowcat.storage.support.TapeStatsCollector;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.FrameOrder;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A live encrypted tape: records collect in a segment, whose plaintext is handed to a {@link SegmentSealer}
 * in pieces as it fills; the sealer encrypts them in the background and stores the segment's parts through
 * the provider's writer once it is closed (when full, or on {@link #flush}). {@link #flush} and
 * {@link #finish} wait until every closed segment is stored, so a reader sees the tape up to its last
 * flushed segment, and a crash loses at most what the provider's durability window loses plus the open
 * segment and one closed segment being sealed (the recorder flushes within that window). A sealing failure
 * is thrown by the next append, flush or finish. The sealed header is rewritten on flush when frames came,
 * and on finish.
 */
final class EncryptedTapeWriter implements TapeWriter {

    private final EncryptedBackend backend;
    private final AgeCipher cipher;
    private final TapeWriter inner;
    private final ReentrantLock lock = new ReentrantLock();
    private final TapeStatsCollector stats = new TapeStatsCollector();
    private TapeHeader header;
    private final SegmentSealer sealer;
    private Segments.Builder segment;
    private long lastSeq = -1;
    private boolean headerStale;
    private long headerSealedAt = System.nanoTime();
    private TapeSummary finished;

    EncryptedTapeWriter(EncryptedBackend backend, AgeCipher cipher, TapeHeader header, Executor sealing) {
        this.backend = backend;
        this.cipher = cipher;
        this.header = header;
        this.inner = backend.openInner(SealedHeader.seal(cipher, header, stats.stats(0), 0));
        this.sealer = new SegmentSealer(header.id(), cipher, inner, sealing);
        this.segment = new Segments.Builder(header, 0);
    }

    @Override
    public TapeId id() {
        return header.id();
    }

    @Override
    public void append(Frame frame) {
        lock.lock();
        try {
            ensureOpen();
            sealer.check();
            FrameOrder.requireAfter(header.id(), lastSeq, frame.seq());
            segment.add(frame);
            stats.accept(frame);
            lastSeq = frame.seq();
            headerStale = true;
            handOver();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void append(Correlation correlation) {
        lock.lock();
        try {
            ensureOpen();
            sealer.check();
            segment.add(correlation);
            stats.accept(correlation);
            headerStale = true;
            handOver();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void updateHeader(TapeHeader newHeader) {
        StorageState.requireSameTape(id(), newHeader);
        lock.lock();
        try {
            ensureOpen();
            // as every provider does: session id and start time stay as the tape began
            header = new TapeHeader(header.id(), header.sessionId(), header.createdAt(), newHeader.protocolVersion(),
                    newHeader.metadata());
            sealHeader();
        } finally {
            lock.unlock();
        }
    }

    /*
     * The sealed header carries the live counters that listing shows; rewriting it costs the provider a
     * metadata write (the filesystem: a synced file and index entry), so a flush refreshes it at most this
     * often. Only a finished tape's sealed segment count is checked by readers.
     */
    private static final long HEADER_REFRESH_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    private void sealHeader() {
        sealer.await(); // inner is the sealer's while it has work
        inner.updateHeader(SealedHeader.seal(cipher, header, stats.stats(0), sealer.segments()));
        headerStale = false;
        headerSealedAt = System.nanoTime();
    }

    @Override
    public void flush() {
        lock.lock();
        try {
            ensureOpen();
            if (!segment.isEmpty()) {
                seal();
            }
            sealer.await();
            if (headerStale && System.nanoTime() - headerSealedAt >= HEADER_REFRESH_NANOS) {
                sealHeader();
            }
            inner.flush();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Duration> durabilityWindow() {
        return inner.durabilityWindow();
    }

    @Override
    public OptionalLong durableFrames() {
        OptionalLong durable = inner.durableFrames();
        if (durable.isEmpty()) {
            return durable;
        }
        return sealer.durableFrames(durable); // no lock: a flush may be waiting for the sealer
    }

    @Override
    public TapeSummary finish(TapeStatus status) {
        lock.lock();
        try {
            if (finished != null) {
                return finished;
            }
            try {
                if (!segment.isEmpty()) {
                    seal();
                }
                sealer.await();
                inner.updateHeader(SealedHeader.seal(cipher, header, stats.stats(0), sealer.segments()));
            } finally {
                TapeSummary s = inner.finish(status);
                finished = new TapeSummary(id(), header.metadata().name(), header.sessionId(), header.createdAt(),
                        s.status(), stats.frameCount(), stats.stats(0).durationMs(), s.sizeBytes(), header.metadata().tags());
                backend.done(this);
            }
            return finished;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        finish(TapeStatus.FINALIZED);
    }

    /** Hands the segment's plaintext over once a piece is ready, and closes the segment once it is full. */
    private void handOver() {
        if (segment.full()) {
            seal();
            return;
        }
        byte[] piece = segment.drain(SegmentSealer.PIECE_BYTES);
        if (piece != null) {
            sealer.write(piece);
        }
    }

    private void seal() {
        sealer.close(segment.bytes(), stats.frameCount());
        segment = new Segments.Builder(header, sealer.segments());
    }

    private void ensureOpen() {
        if (finished != null) {
            throw StorageState.finishedWriter(id());
        }
    }
}
