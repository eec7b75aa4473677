package io.shadowcat.storage.support;

import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Checkpoint;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.FrameOrder;
import io.shadowcat.tape.JsonLinesTapeWriter;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeRecord;
import io.shadowcat.tape.TapeStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A live tape writer for providers that store one entry or row per JSON Lines record and commit in batches
 * (the rules every such provider must follow, written once): records are encoded at once, committed every
 * {@code batchFrames} frames, on {@link #flush}, and by the provider's scheduler ({@link #onSchedule}) once
 * they waited {@code batchInterval}, each batch with the tape's meta. A batch whose commit failed is resent
 * as it was, under its number, before anything newer, so a provider that applies each number once never
 * doubles a commit that timed out but was applied; after a failure appends only buffer until the scheduler
 * retries (no timeout per frame while a server is away); a finish that failed is retried by {@link #close}
 * with the same end record. Support for provider authors.
 *
 * <p>Threads: every field is owned by this object's monitor; the recorder's thread and the provider's
 * scheduler meet there, and every hook below is called holding it.
 */
public abstract class BatchingTapeWriter implements TapeWriter {

    /**
     * One commit.
     *
     * @param number numbered from 1 in the order made; a resent batch keeps its number
     * @param lines  the JSON Lines records, without newlines, in order
     * @param bytes  the size of every record committed once this batch is (newlines included)
     * @param row    the tape's header with the counts once this batch is committed
     * @param frames the frame count once this batch is committed
     * @param last   the finishing batch: the provider lets go of its claim on the tape
     */
    public record Batch(long number, List<String> lines, long bytes, TapeHeader row, long frames, boolean last) {
    }

    private final TapeId id;
    private final RecordLines lines = new RecordLines();
    private final JsonLinesTapeWriter out;
    private final TapeStatsCollector stats = new TapeStatsCollector();
    private final FrameOrder order;
    private final String firstLine;
    private final int batchFrames;
    private final Duration batchInterval;
    private TapeHeader header;
    private long committedBytes;
    private long committedFrames;
    private long waitingSince; // System.nanoTime of the oldest uncommitted change (0: none)
    private long retryAt; // System.nanoTime before which appends do not retry a failed commit (0: none failed)
    private long batches; // the number of the last batch made
    private int framesWaiting; // frames appended since the last batch was made
    private Batch inFlight; // a batch made but not known to be applied
    private boolean endWritten;
    private TapeSummary result;
    private StorageException failure; // the tape is no longer this writer's: nothing more is written

    /** Encodes the tape's init record ({@link #firstLine()}), which the provider stores when it creates the tape. */
    protected BatchingTapeWriter(TapeHeader header, int batchFrames, Duration batchInterval) throws IOException {
        this.id = header.id();
        this.header = header;
        this.order = new FrameOrder(id);
        this.batchFrames = batchFrames;
        this.batchInterval = batchInterval;
        this.out = new JsonLinesTapeWriter(lines, header);
        out.write(header);
        out.flush();
        this.firstLine = lines.take().get(0);
        this.committedBytes = lines.bytes();
    }

    /**
     * Commits a batch (holding the monitor). Returns false when the tape is no longer this writer's (its claim
     * lapsed, another holds it, it was removed): the writer then fails with {@link #lost()}. Throws a
     * {@link StorageException} when the commit may not have been applied: it is resent as it was.
     */
    protected abstract boolean send(Batch batch);

    /** The error of every later call once the tape is no longer this writer's, saying what was kept. */
    protected abstract StorageException lost();

    /** Called once when the writer is done, finished or lost (holding the monitor): let go of claims, forget it. */
    protected abstract void done();

    /** Called by {@link #onSchedule} when nothing waited long enough (holding the monitor): renew a claim, say. */
    protected void idle(long nowNanos) {
    }

    /** Called after each batch the provider applied (holding the monitor). */
    protected void applied(Batch batch) {
    }

    /** The init record, as the provider stores it first. */
    public final String firstLine() {
        return firstLine;
    }

    /** Bytes of what is committed, newlines included (the init record alone before the first commit). */
    protected final synchronized long committedBytes() {
        return committedBytes;
    }

    /** Ends this writer as lost (e.g. its claim could not be renewed); later calls fail with {@link #lost()}. */
    protected final synchronized void abandon() {
        if (result == null && failure == null) {
            failure = lost();
            done();
        }
    }

    @Override
    public final TapeId id() {
        return id;
    }

    @Override
    public final synchronized void append(Frame frame) {
        ensureWritable();
        order.accept(frame.seq());
        write(frame);
        // Counted here, not in the encoded lines, which the encoder hands over only when its buffer fills.
        if (++framesWaiting >= batchFrames && (retryAt == 0 || System.nanoTime() - retryAt >= 0)) {
            commit(false);
        }
    }

    @Override
    public final synchronized void append(Correlation correlation) {
        ensureWritable();
        write(correlation);
    }

    @Override
    public final synchronized void updateHeader(TapeHeader update) {
        ensureWritable();
        StorageState.requireSameTape(id, update);
        TapeMetadata u = update.metadata();
        header = new TapeHeader(id, header.sessionId(), header.createdAt(), update.protocolVersion(),
                header.metadata().withName(u.name()).withDescription(u.description()).withTags(u.tags())
                        .withTransport(u.transport()).recording(Instant.now()));
        markWaiting();
    }

    @Override
    public final synchronized void flush() {
        ensureWritable();
        commit(false);
    }

    @Override
    public final synchronized OptionalLong durableFrames() {
        return OptionalLong.of(committedFrames);
    }

    @Override
    public final Optional<Duration> durabilityWindow() {
        return Optional.of(batchInterval);
    }

    @Override
    public final synchronized TapeSummary finish(TapeStatus status) {
        if (result != null) {
            return result;
        }
        if (failure != null) {
            throw failure;
        }
        if (!endWritten) { // once: a finish that failed is retried (close) with the same end record
            write(new Checkpoint(Instant.now(), Math.max(0, order.last()), stats.stats(0)));
            endWritten = true;
        }
        // A header that already carries finalized_at (a tape being copied) keeps its timestamps.
        TapeMetadata m = header.metadata();
        Instant now = Instant.now();
        boolean keep = m.finalizedAt() != null;
        TapeHeader before = header;
        header = header.withMetadata(m.withStatus(status).withTimes(
                keep && m.updatedAt() != null ? m.updatedAt() : now, keep ? m.finalizedAt() : now));
        try {
            commit(true);
        } catch (RuntimeException e) {
            header = before; // still live: a retry (close) finishes it
            throw e;
        }
        header = withCounts(header, committedBytes);
        result = TapeSummary.of(header, status, header.metadata().stats(), committedBytes);
        done();
        return result;
    }

    /** The finished tape's header, once {@link #finish} succeeded; else empty. */
    protected final synchronized Optional<TapeHeader> finished() {
        return result == null ? Optional.empty() : Optional.of(header);
    }

    @Override
    public final void close() {
        boolean open;
        synchronized (this) {
            open = result == null && failure == null;
        }
        if (open) {
            finish(TapeStatus.FINALIZED);
        }
    }

    /** For the provider's scheduler: commits what waited a batch interval, else calls {@link #idle}. */
    public final synchronized void onSchedule() {
        if (result != null || failure != null) {
            return;
        }
        long now = System.nanoTime();
        if (waitingSince != 0 && now - waitingSince >= batchInterval.toNanos() && (retryAt == 0 || now - retryAt >= 0)) {
            commit(false);
        } else {
            idle(now);
        }
    }

    /** The header as readers see it now: what was appended counts, committed or not. */
    public final synchronized TapeHeader liveHeader() {
        return withCounts(header, liveBytes());
    }

    /** Bytes of every record appended, committed or not. */
    public final synchronized long liveBytes() {
        return lines.bytes() + out.buffered();
    }

    private void commit(boolean last) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (inFlight != null) {
            Batch again = inFlight;
            deliver(again);
            inFlight = null;
            if (again.last()) {
                return;
            }
        }
        long bytes = lines.bytes();
        Batch next = new Batch(++batches, lines.take(), bytes, withCounts(header, bytes), stats.frameCount(), last);
        framesWaiting = 0;
        inFlight = next;
        deliver(next);
        inFlight = null;
    }

    private void deliver(Batch b) {
        boolean ok;
        try {
            ok = send(b);
        } catch (RuntimeException e) {
            retryAt = System.nanoTime() + Math.max(batchInterval.toNanos(), 1_000_000_000L);
            throw e;
        }
        if (!ok) {
            failure = lost();
            done();
            throw failure;
        }
        retryAt = 0;
        committedBytes = b.bytes();
        committedFrames = b.frames();
        waitingSince = 0;
        applied(b);
    }

    private TapeHeader withCounts(TapeHeader h, long bytes) {
        return h.withMetadata(h.metadata().withStats(stats.stats(bytes)).withPerformance(stats.performance()));
    }

    private void write(TapeRecord r) {
        try {
            out.write(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stats.accept(r);
        markWaiting();
    }

    private void markWaiting() {
        if (waitingSince == 0) {
            waitingSince = System.nanoTime();
        }
    }

    private void ensureWritable() {
        if (result != null) {
            throw StorageState.finishedWriter(id);
        }
        if (failure != null) {
            throw failure;
        }
    }
}
