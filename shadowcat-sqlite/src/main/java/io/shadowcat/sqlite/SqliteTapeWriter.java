package io.shadowcat.sqlite;

import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.support.StorageState;
import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.FrameOrder;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStatus;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Appends to a live tape. Frames wait in memory until the store commits them, together with every other
 * live tape's, in one transaction: when this tape has {@code batch_frames} waiting, on {@link #flush},
 * on {@link #finish}, or at the latest {@code batch_interval} after they arrived. A crash therefore loses
 * at most one batch, and other processes see the tape grow batch by batch.
 */
final class SqliteTapeWriter implements TapeWriter {

    /** A writer refuses new frames once this many batches are waiting because commits keep failing. */
    private static final int MAX_WAITING_BATCHES = 4;

    private final SqliteTapeStore store;
    private final long key;
    private final TapeId id;
    private final int batchFrames;
    private final Duration batchInterval;

    // Guarded by this. The store drains the waiting frames under its write lock, then under this lock.
    private TapeHeader header;
    private boolean describedChanged;
    private boolean rowChanged;
    private List<FrameRow> frames = new ArrayList<>();
    private List<Correlation> correlations = new ArrayList<>();
    private final TapeCounters counts = new TapeCounters();
    private long correlationsAppended;
    private long correlationsCommitted;
    private long framesCommitted;
    private long waitingSince;
    private boolean finished;
    private TapeSummary summary;
    private StorageException failure;

    SqliteTapeWriter(SqliteTapeStore store, long key, TapeHeader header, int batchFrames, Duration batchInterval) {
        this.store = store;
        this.key = key;
        this.id = header.id();
        this.header = header;
        this.batchFrames = batchFrames;
        this.batchInterval = batchInterval;
    }

    @Override
    public TapeId id() {
        return id;
    }

    long key() {
        return key;
    }

    @Override
    public void append(Frame frame) {
        FrameRow row = FrameRow.of(frame); // serialize outside any lock
        boolean full;
        synchronized (this) {
            checkWritable();
            FrameOrder.requireAfter(id, counts.lastSeq(), frame.seq());
            checkBacklog();
            markWaiting();
            frames.add(row);
            counts.add(frame, row);
            full = frames.size() + correlations.size() >= batchFrames;
        }
        if (full) {
            store.commitWaiting();
        }
    }

    @Override
    public void append(Correlation correlation) {
        boolean full;
        synchronized (this) {
            checkWritable();
            checkBacklog();
            markWaiting();
            correlations.add(correlation);
            counts.add(correlation);
            correlationsAppended++;
            full = frames.size() + correlations.size() >= batchFrames;
        }
        if (full) {
            store.commitWaiting();
        }
    }

    @Override
    public void updateHeader(TapeHeader update) {
        if (!update.id().equals(id)) {
            throw new IllegalArgumentException("header of tape " + update.id() + " given to the writer of tape " + id);
        }
        synchronized (this) {
            checkWritable();
            TapeMetadata u = update.metadata();
            header = new TapeHeader(id, header.sessionId(), header.createdAt(), update.protocolVersion(),
                    header.metadata().withName(u.name()).withDescription(u.description()).withTags(u.tags())
                            .withTransport(u.transport()));
            describedChanged = true;
            rowChanged = true;
            markWaiting();
        }
    }

    @Override
    public void flush() {
        synchronized (this) {
            checkUsable();
        }
        store.commitWaiting();
        synchronized (this) {
            checkUsable();
        }
    }

    /** Frames in committed transactions: what the database holds of this tape. */
    @Override
    public synchronized OptionalLong durableFrames() {
        return OptionalLong.of(framesCommitted);
    }

    /** A batch waits at most {@code batch_interval}; a crash loses what waits. */
    @Override
    public Optional<Duration> durabilityWindow() {
        return Optional.of(batchInterval);
    }

    @Override
    public TapeSummary finish(TapeStatus status) {
        synchronized (this) {
            if (finished) {
                return summary;
            }
            checkUsable();
            // A header that already carries finalized_at (a tape being copied) keeps its timestamps.
            TapeMetadata m = header.metadata();
            Instant now = Instant.now();
            boolean keep = m.finalizedAt() != null;
            header = header.withMetadata(m.withStatus(status).withTimes(
                    keep && m.updatedAt() != null ? m.updatedAt() : now, keep ? m.finalizedAt() : now));
            rowChanged = true;
            markWaiting();
        }
        store.commitWaiting();
        synchronized (this) {
            checkUsable();
            finished = true;
            TapeMetadata m = header.metadata();
            summary = TapeSummary.of(header, m.status(), counts.applyTo(m).stats(), counts.bytes());
        }
        store.forget(this);
        return summary;
    }

    @Override
    public void close() {
        boolean open;
        synchronized (this) {
            open = !finished && failure == null;
        }
        if (open) {
            finish(TapeStatus.FINALIZED);
        } else {
            store.forget(this);
        }
    }

    /** True when frames or header changes wait to be committed. */
    synchronized boolean isWaiting() {
        return !frames.isEmpty() || !correlations.isEmpty() || rowChanged;
    }

    /** When the oldest waiting change arrived (System.nanoTime), meaningful only while waiting. */
    synchronized long waitingSince() {
        return waitingSince;
    }

    /** Takes what waits to be committed, or null; {@link #restore} puts it back if the commit fails. */
    synchronized Batch drain() {
        if (!isWaiting() || failure != null) {
            return null;
        }
        TapeHeader row = header.withMetadata(counts.applyTo(header.metadata()));
        Batch b = new Batch(frames, correlations, correlationsCommitted, row, describedChanged);
        correlationsCommitted = correlationsAppended;
        frames = new ArrayList<>();
        correlations = new ArrayList<>();
        describedChanged = false;
        rowChanged = false;
        return b;
    }

    /** A drained batch was committed. */
    synchronized void committed(Batch b) {
        framesCommitted += b.frames().size();
    }

    /** Puts back a batch whose commit failed, ahead of anything appended since. */
    synchronized void restore(Batch b) {
        List<FrameRow> f = new ArrayList<>(b.frames());
        f.addAll(frames);
        frames = f;
        List<Correlation> c = new ArrayList<>(b.correlations());
        c.addAll(correlations);
        correlations = c;
        correlationsCommitted = b.firstCorrelation();
        describedChanged |= b.describedChanged();
        rowChanged = true;
    }

    /** The tape vanished under the writer (deleted by someone else); later calls fail with {@code e}. */
    synchronized void fail(StorageException e) {
        failure = e;
        frames = new ArrayList<>();
        correlations = new ArrayList<>();
        rowChanged = false;
    }

    /**
     * Writes a drained batch in the store's open transaction.
     *
     * @param nextFrameId the next free frame row id, advanced past the frames written
     *
     * @return false when the tape row is gone, and nothing was written
     */
    boolean write(SqlSession s, Batch b, long[] nextFrameId) throws SQLException {
        if (!TapeRow.update(s, key, b.header(), b.describedChanged())) {
            return false;
        }
        for (FrameRow row : b.frames()) {
            row.insert(s, key, nextFrameId[0]++);
        }
        long ord = b.firstCorrelation();
        for (Correlation c : b.correlations()) {
            TapeRow.insertCorrelation(s, key, ord++, c);
        }
        return true;
    }

    TapeNotFoundException vanished() {
        return new TapeNotFoundException(id);
    }

    private void markWaiting() {
        if (frames.isEmpty() && correlations.isEmpty() && !rowChanged) {
            waitingSince = System.nanoTime();
        }
        rowChanged = true;
    }

    private void checkWritable() {
        checkUsable();
        if (finished) {
            throw StorageState.finishedWriter(id);
        }
    }

    private void checkUsable() {
        if (failure != null) {
            throw failure;
        }
    }

    // Commits keep failing (disk full, lock held elsewhere): refuse instead of growing without bound.
    private void checkBacklog() {
        if (frames.size() + correlations.size() >= MAX_WAITING_BATCHES * batchFrames) {
            StorageException last = store.lastCommitFailure();
            throw new StorageException("tape " + id + ": " + frames.size() + " frames wait to be committed and"
                    + " commits keep failing" + (last == null ? "" : " (" + last.getMessage() + ")"), last);
        }
    }

    /** What one commit writes for this tape. */
    record Batch(List<FrameRow> frames, List<Correlation> correlations, long firstCorrelation, TapeHeader header,
                 boolean describedChanged) {
    }
}
