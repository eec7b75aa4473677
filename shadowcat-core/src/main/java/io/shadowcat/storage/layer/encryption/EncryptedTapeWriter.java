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
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A live encrypted tape: records collect in a segment, which is encrypted and appended to the provider's
 * writer as one record when it is full or on {@link #flush}; so a reader sees the tape up to its last
 * flushed segment, and a crash loses at most what the provider's durability window loses plus the open
 * segment (the recorder flushes within that window). The sealed header is rewritten on flush when frames
 * came, and on finish.
 */
final class EncryptedTapeWriter implements TapeWriter {

    private final EncryptedBackend backend;
    private final AgeCipher cipher;
    private final TapeWriter inner;
    private final ReentrantLock lock = new ReentrantLock();
    private final TapeStatsCollector stats = new TapeStatsCollector();
    private TapeHeader header;
    private Segments.Builder segment;
    private long segments;
    /** framesUpTo[i], partsUpTo[i]: frames and stored parts in segments 0..i, to translate the provider's durable count. */
    private long[] framesUpTo = new long[16];
    private long[] partsUpTo = new long[16];
    private long parts;
    private long lastSeq = -1;
    private boolean headerStale;
    private long headerSealedAt = System.nanoTime();
    private TapeSummary finished;

    EncryptedTapeWriter(EncryptedBackend backend, AgeCipher cipher, TapeHeader header) {
        this.backend = backend;
        this.cipher = cipher;
        this.header = header;
        this.inner = backend.openInner(SealedHeader.seal(cipher, header, stats.stats(0), 0));
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
            FrameOrder.requireAfter(header.id(), lastSeq, frame.seq());
            segment.add(frame);
            stats.accept(frame);
            lastSeq = frame.seq();
            headerStale = true;
            if (segment.full()) {
                seal();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void append(Correlation correlation) {
        lock.lock();
        try {
            ensureOpen();
            segment.add(correlation);
            stats.accept(correlation);
            headerStale = true;
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
        inner.updateHeader(SealedHeader.seal(cipher, header, stats.stats(0), segments));
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
        lock.lock();
        try {
            long kept = durable.getAsLong();
            int whole = 0; // segments whose every part is durable
            while (whole < segments && partsUpTo[whole] <= kept) {
                whole++;
            }
            return OptionalLong.of(whole == 0 ? 0 : framesUpTo[whole - 1]);
        } finally {
            lock.unlock();
        }
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
                inner.updateHeader(SealedHeader.seal(cipher, header, stats.stats(0), segments));
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

    private void seal() {
        long index = segments;
        byte[] age = cipher.encrypt(header.id(), "segment " + index, segment.bytes());
        for (Frame part : Segments.stored(parts, index, age)) {
            inner.append(part);
            parts++;
        }
        if (index == framesUpTo.length) {
            framesUpTo = Arrays.copyOf(framesUpTo, framesUpTo.length * 2);
            partsUpTo = Arrays.copyOf(partsUpTo, partsUpTo.length * 2);
        }
        framesUpTo[(int) index] = stats.frameCount();
        partsUpTo[(int) index] = parts;
        segments++;
        segment = new Segments.Builder(header, segments);
    }

    private void ensureOpen() {
        if (finished != null) {
            throw StorageState.finishedWriter(id());
        }
    }
}
