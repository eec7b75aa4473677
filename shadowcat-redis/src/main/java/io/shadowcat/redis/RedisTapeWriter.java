package io.shadowcat.redis;

import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.storage.support.RecordLines;
import io.shadowcat.storage.support.StorageState;
import io.shadowcat.storage.support.TapeStatsCollector;
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
 * A live tape: records are encoded as JSON Lines at once and committed in batches (every
 * {@code batch_frames} frames, on {@link #flush}, and by the store's scheduler once they waited
 * {@code batch_interval}), each batch with the tape's meta in one server-side script. The writer's claim
 * on the tape is renewed with every commit and by the scheduler; a claim that lapses (the process died)
 * makes readers report the tape as an error.
 *
 * <p>Every field is owned by this object's monitor; the recorder's thread and the scheduler meet there.
 */
final class RedisTapeWriter implements TapeWriter {

    private final RedisTapeStore store;
    private final TapeId id;
    private final String token;
    private final RecordLines lines = new RecordLines();
    private final JsonLinesTapeWriter out;
    private final TapeStatsCollector stats = new TapeStatsCollector();
    private final FrameOrder order;
    private final String firstLine;
    private final int batchFrames;
    private final long batchNanos;
    private final long renewNanos;
    private TapeHeader header;
    private long committedBytes;
    private long committedFrames;
    private long waitingSince; // System.nanoTime of the oldest uncommitted record
    private long lastRenewal = System.nanoTime();
    private long retryAt; // System.nanoTime before which appends do not retry a failed commit (0: none failed)
    private boolean endWritten;
    private long batches; // the number of the last batch made
    private Batch inFlight; // a batch made but not known to be applied
    private TapeSummary result;
    private StorageException failure; // the claim was lost: nothing more is written

    RedisTapeWriter(RedisTapeStore store, TapeHeader header, String token) throws IOException {
        this.store = store;
        this.id = header.id();
        this.token = token;
        this.header = header;
        this.order = new FrameOrder(id);
        RedisSettings s = store.settings();
        this.batchFrames = s.batchFrames();
        this.batchNanos = s.batchInterval().toNanos();
        this.renewNanos = s.lease().toNanos() / 3;
        this.out = new JsonLinesTapeWriter(lines, header);
        out.write(header);
        out.flush();
        List<String> first = lines.take();
        this.firstLine = first.get(0);
        this.committedBytes = lines.bytes();
    }

    String firstLine() {
        return firstLine;
    }

    @Override
    public TapeId id() {
        return id;
    }

    @Override
    public synchronized void append(Frame frame) {
        ensureWritable();
        order.accept(frame.seq());
        write(frame);
        // After a failed commit (server gone), appends only buffer: the scheduler retries, so the recorder
        // does not wait for a timeout on every frame.
        if (lines.waiting() >= batchFrames && (retryAt == 0 || System.nanoTime() - retryAt >= 0)) {
            commit(false);
        }
    }

    @Override
    public synchronized void append(Correlation correlation) {
        ensureWritable();
        write(correlation);
    }

    @Override
    public synchronized void updateHeader(TapeHeader update) {
        ensureWritable();
        StorageState.requireSameTape(id, update);
        TapeMetadata u = update.metadata();
        header = new TapeHeader(id, header.sessionId(), header.createdAt(), update.protocolVersion(),
                header.metadata().withName(u.name()).withDescription(u.description()).withTags(u.tags())
                        .withTransport(u.transport()).recording(Instant.now()));
        markWaiting();
    }

    @Override
    public synchronized void flush() {
        ensureWritable();
        commit(false);
    }

    @Override
    public synchronized OptionalLong durableFrames() {
        return OptionalLong.of(committedFrames);
    }

    @Override
    public Optional<Duration> durabilityWindow() {
        return Optional.of(store.settings().batchInterval());
    }

    @Override
    public synchronized TapeSummary finish(TapeStatus status) {
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
        store.forget(this);
        store.expire(header);
        return result;
    }

    @Override
    public void close() {
        boolean open;
        synchronized (this) {
            open = result == null && failure == null;
        }
        if (open) {
            finish(TapeStatus.FINALIZED);
        } else {
            store.forget(this);
        }
    }

    /** Called by the store's scheduler: commits what waited a batch interval, renews the claim when due. */
    synchronized void onSchedule() {
        if (result != null || failure != null) {
            return;
        }
        long now = System.nanoTime();
        if (waitingSince != 0 && now - waitingSince >= batchNanos && (retryAt == 0 || now - retryAt >= 0)) {
            commit(false);
        } else if (now - lastRenewal >= renewNanos) {
            lastRenewal = now;
            if (!store.renew(id, token)) {
                lost();
            }
        }
    }

    /** The header as readers see it now: what was appended counts, committed or not. */
    synchronized TapeHeader liveHeader() {
        return withCounts(header, committedBytes + pendingBytes());
    }

    synchronized long liveBytes() {
        return committedBytes + pendingBytes();
    }

    /** One commit: its number, the records, the meta row, and the counts once it is applied. */
    private record Batch(long number, List<String> lines, long bytes, TapeHeader row, long frames, boolean release) {
    }

    // Called holding the monitor. A batch whose commit failed is resent as it was, under its number, before
    // anything newer: the server applies each number once, so a commit that timed out here but was applied
    // there is neither doubled nor mistaken for a lost claim.
    private void commit(boolean release) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (inFlight != null) {
            Batch again = inFlight;
            send(again);
            inFlight = null;
            if (again.release()) {
                return;
            }
        }
        long bytes = lines.bytes();
        Batch next = new Batch(++batches, lines.take(), bytes, withCounts(header, bytes), stats.frameCount(), release);
        inFlight = next;
        send(next);
        inFlight = null;
    }

    private void send(Batch b) {
        boolean ok;
        try {
            ok = store.commit(id, token, b.number(), b.row(), b.bytes(), b.lines(), b.release());
        } catch (RuntimeException e) {
            retryAt = System.nanoTime() + Math.max(batchNanos, 1_000_000_000L);
            throw e;
        }
        if (!ok) {
            lost();
            throw failure;
        }
        retryAt = 0;
        committedBytes = b.bytes();
        committedFrames = b.frames();
        waitingSince = 0;
        lastRenewal = System.nanoTime();
    }

    private long pendingBytes() {
        return out.buffered() + (lines.bytes() - committedBytes);
    }

    private TapeHeader withCounts(TapeHeader h, long bytes) {
        return h.withMetadata(h.metadata().withStats(stats.stats(bytes)).withPerformance(stats.performance()));
    }

    private void lost() {
        failure = new StorageException("tape " + id + " in redis storage " + store.settings().where()
                + " is no longer this writer's: its claim lapsed (the process was stalled longer than lease="
                + store.settings().lease() + ", or the server lost it) or the tape was removed; what was committed"
                + " is kept, the rest of this recording is not");
        store.forget(this);
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
