package io.shadowcat.postgres;

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
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A live tape: records are encoded as JSON Lines at once and committed in batches (every
 * {@code batch_frames} frames, on {@link #flush}, and by the store's scheduler once they waited
 * {@code batch_interval}), each batch with the tape's row in one transaction on the writer's own connection.
 * That connection holds the tape's advisory lock until the tape finishes: if the process dies, the server
 * drops the connection and the lock, and readers report the tape as an error.
 *
 * <p>Every field is owned by this object's monitor; the recorder's thread and the scheduler meet there.
 */
final class PostgresTapeWriter implements TapeWriter {

    private final PostgresTapeStore store;
    private final TapeId id;
    private final RecordLines lines = new RecordLines();
    private final JsonLinesTapeWriter out;
    private final TapeStatsCollector stats = new TapeStatsCollector();
    private final FrameOrder order;
    private final String firstLine;
    private final int batchFrames;
    private final long batchNanos;
    private Connection connection; // null after finish, or while reconnecting failed
    private long key;
    private int nextN = 1; // line 0 is the init line, written with the row
    private TapeHeader header;
    private long committedBytes;
    private long committedFrames;
    private long waitingSince; // System.nanoTime of the oldest uncommitted record
    private long retryAt; // System.nanoTime before which appends do not retry a failed commit (0: none failed)
    private TapeSummary result;
    private StorageException failure; // the tape is not this writer's any more: nothing more is written

    PostgresTapeWriter(PostgresTapeStore store, TapeHeader header) throws IOException {
        this.store = store;
        this.id = header.id();
        this.header = header;
        this.order = new FrameOrder(id);
        PostgresSettings s = store.settings();
        this.batchFrames = s.batchFrames();
        this.batchNanos = s.batchInterval().toNanos();
        this.out = new JsonLinesTapeWriter(lines, header);
        out.write(header);
        out.flush();
        this.firstLine = lines.take().get(0);
        this.committedBytes = lines.bytes();
    }

    String firstLine() {
        return firstLine;
    }

    long firstLineBytes() {
        return committedBytes;
    }

    synchronized void attach(Connection c, long tapeKey) {
        this.connection = c;
        this.key = tapeKey;
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
        write(new Checkpoint(Instant.now(), Math.max(0, order.last()), stats.stats(0)));
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

    /** Called by the store's scheduler: commits what waited a batch interval. */
    synchronized void onSchedule() {
        if (result != null || failure != null) {
            return;
        }
        long now = System.nanoTime();
        if (waitingSince != 0 && now - waitingSince >= batchNanos && (retryAt == 0 || now - retryAt >= 0)) {
            commit(false);
        }
    }

    /** The header as readers see it now: what was appended counts, committed or not. */
    synchronized TapeHeader liveHeader() {
        return withCounts(header, committedBytes + pendingBytes());
    }

    synchronized long liveBytes() {
        return committedBytes + pendingBytes();
    }

    // Called holding the monitor.
    private void commit(boolean release) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> batch = lines.take();
        long bytes = lines.bytes();
        TapeHeader row = withCounts(header, bytes);
        boolean ok;
        try {
            ok = store.commit(connection(), key, nextN, row, bytes, batch);
        } catch (SQLException | RuntimeException e) {
            lines.restore(batch);
            retryAt = System.nanoTime() + Math.max(batchNanos, 1_000_000_000L);
            dropConnectionIfBroken();
            throw e instanceof SQLException s
                    ? PostgresFailures.translate(store.settings(), "committing recorded frames of tape " + id, s)
                    : (RuntimeException) e;
        }
        retryAt = 0;
        if (!ok) {
            lost("the tape was deleted");
            throw failure;
        }
        nextN += batch.size();
        committedBytes = bytes;
        committedFrames = stats.frameCount();
        waitingSince = 0;
        if (release) {
            release();
        }
    }

    // The writer's connection; a broken one is replaced and the lock taken again, unless another took it.
    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = store.connect("reconnecting to record tape " + id);
            if (!store.tryLock(c, key)) {
                PostgresTapeStore.closeQuietly(c);
                lost("another session holds its lock");
                throw failure;
            }
            connection = c;
        }
        return connection;
    }

    private void dropConnectionIfBroken() {
        try {
            if (connection != null && !connection.isValid(2)) {
                PostgresTapeStore.closeQuietly(connection);
                connection = null;
            }
        } catch (SQLException e) {
            connection = null;
        }
    }

    private void release() {
        Connection c = connection;
        connection = null;
        if (c == null) {
            return;
        }
        try {
            store.unlock(c, key);
        } catch (SQLException ignored) {
            // closing the connection lets go of the lock anyway
        }
        PostgresTapeStore.closeQuietly(c);
    }

    private long pendingBytes() {
        return out.buffered() + (lines.bytes() - committedBytes);
    }

    private TapeHeader withCounts(TapeHeader h, long bytes) {
        return h.withMetadata(h.metadata().withStats(stats.stats(bytes)).withPerformance(stats.performance()));
    }

    private void lost(String why) {
        failure = new StorageException("tape " + id + " in postgres storage " + store.settings().where()
                + " is no longer this writer's (" + why + "); what was committed is kept, the rest of this"
                + " recording is not");
        release();
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
