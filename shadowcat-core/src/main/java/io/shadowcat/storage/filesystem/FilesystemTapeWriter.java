package io.shadowcat.storage.filesystem;

import io.shadowcat.storage.support.FileProblem;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.support.StorageState;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.storage.support.TextSignature;
import io.shadowcat.storage.support.WriterLock;
import io.shadowcat.tape.Checkpoint;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.FrameOrder;
import io.shadowcat.tape.JsonLinesTapeWriter;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.storage.support.TapeStatsCollector;
import io.shadowcat.tape.TapeStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one live tape to {@code ID.jsonl}. Records go through a small buffer to the file; when they are
 * forced to disk depends on the {@link Durability} policy (the backend's flusher does the periodic one).
 */
final class FilesystemTapeWriter implements TapeWriter {

    /** A checkpoint line is written every this many frames, so a reader of a torn file knows the counts. */
    static final long CHECKPOINT_EVERY = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(FilesystemTapeWriter.class);

    private final FilesystemBackend backend;
    private final FileChannel channel;
    // Held from before the tape is first marked recording until its final status is written.
    private final WriterLock claim;
    private final JsonLinesTapeWriter out;
    private final Durability durability;
    private final ReentrantLock lock = new ReentrantLock();
    private final TapeStatsCollector stats = new TapeStatsCollector();
    private final Set<String> methods = new TreeSet<>();
    private final Set<String> tools = new TreeSet<>();
    private boolean namesOverflowed;
    private final TextSignature signature = TextSignature.empty();
    private volatile TapeHeader header;
    private final FrameOrder order;
    private long sinceCheckpoint;
    private volatile boolean dirty;
    private TapeSummary result;
    // Frames handed to the file, and of those the ones known to be on disk (synced, or read back after a failure).
    private long appended;
    private final AtomicLong durable = new AtomicLong();
    // The first write failure: the buffer's state is unknown after it (it would write its bytes again), so the
    // tape ends there and every later call fails with it.
    private StorageException broken;

    FilesystemTapeWriter(FilesystemBackend backend, FileChannel channel, WriterLock claim, TapeHeader header,
                         Durability durability) throws IOException {
        this.backend = backend;
        this.channel = channel;
        this.claim = claim;
        this.header = header;
        this.durability = durability;
        this.order = new FrameOrder(header.id());
        // 64 KiB between the encoder and the file: one write(2) per few hundred frames.
        this.out = new JsonLinesTapeWriter(new java.io.BufferedOutputStream(new ChannelOutput(channel), 64 * 1024),
                header);
        out.write(header);
        out.flush();
        channel.force(false);
    }

    @Override
    public TapeId id() {
        return header.id();
    }

    TapeHeader header() {
        return header;
    }

    @Override
    public void append(Frame frame) {
        lock.lock();
        try {
            ensureOpen();
            order.accept(frame.seq());
            out.write(frame);
            appended++;
            stats.accept(frame);
            noteNames(frame);
            signature.add(frame.message());
            if (++sinceCheckpoint >= CHECKPOINT_EVERY) {
                checkpoint();
            }
            afterWrite();
        } catch (IOException e) {
            throw broke("append a frame to", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void append(Correlation correlation) {
        lock.lock();
        try {
            ensureOpen();
            out.write(correlation);
            stats.accept(correlation);
            afterWrite();
        } catch (IOException e) {
            throw broke("append a correlation to", e);
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
            // The init line is written: the session id and start time stay as recorded.
            TapeMetadata m = newHeader.metadata().recording(Instant.now());
            header = new TapeHeader(header.id(), header.sessionId(), header.createdAt(), newHeader.protocolVersion(), m);
            backend.publish(this, header, liveSummary(), names(methods), names(tools), signature.copy());
        } catch (IOException e) {
            throw failure("update the metadata of", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flush() {
        long handed;
        lock.lock();
        try {
            ensureOpen();
            out.flush();
            dirty = false;
            handed = appended;
        } catch (IOException e) {
            throw broke("flush", e);
        } finally {
            lock.unlock();
        }
        force();
        durable.accumulateAndGet(handed, Math::max);
    }

    @Override
    public OptionalLong durableFrames() {
        return OptionalLong.of(durable.get());
    }

    @Override
    public Optional<Duration> durabilityWindow() {
        return switch (durability.kind()) {
            case EVERY_FRAME -> Optional.of(Duration.ZERO);
            case INTERVAL -> Optional.of(durability.interval());
            case ON_CLOSE -> Optional.empty();
        };
    }

    /** Called by the backend's flusher: makes recent frames durable when there are any. */
    void flushIfDirty() {
        if (dirty && !isFinished()) {
            try {
                flush();
            } catch (StorageException e) {
                backend.flushFailed(this, e);
            }
        }
    }

    /** Hands buffered lines to the file (no fsync), so readers of the live tape see them. */
    void pushToFile() {
        lock.lock();
        try {
            if (result == null && broken == null) {
                out.flush();
            }
        } catch (IOException e) {
            throw broke("flush", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public TapeSummary finish(TapeStatus status) {
        lock.lock();
        try {
            return finishOnce(status);
        } finally {
            if (result != null) {
                releaseClaim();
            }
            lock.unlock();
        }
    }

    private void releaseClaim() {
        try {
            claim.close();
        } catch (IOException e) {
            LOG.warn("tape {}: cannot remove its lock file {}: {}", id(), claim.file(), e.getMessage());
        }
    }

    private TapeSummary finishOnce(TapeStatus status) {
        if (result != null) {
            return result;
        }
        if (broken != null) {
            closeQuietly();
            result = backend.abandoned(this, header);
            durable.set(result.frameCount());
            throw broken;
        }
        Checkpoint end = new Checkpoint(Instant.now(), Math.max(0, order.last()), stats.stats(0));
        try {
            out.write(end);
            stats.accept(end);
            out.flush();
            channel.force(true);
            long size = channel.size();
            out.close();
            Instant now = Instant.now();
            TapeMetadata m = header.metadata().withStatus(status).withTimes(now, now)
                    .withStats(stats.stats(size)).withPerformance(stats.performance());
            header = header.withMetadata(m);
            result = backend.finished(this, header, names(methods), names(tools), signature.copy());
            durable.set(appended);
            return result;
        } catch (IOException e) {
            closeQuietly();
            result = backend.abandoned(this, header);
            durable.set(result.frameCount());
            throw failure("finish", e);
        }
    }

    @Override
    public void close() {
        finish(TapeStatus.FINALIZED);
    }

    boolean isFinished() {
        lock.lock();
        try {
            return result != null;
        } finally {
            lock.unlock();
        }
    }

    /** The summary of the tape as recorded so far, for listings while it records. */
    TapeSummary liveSummary() {
        TapeHeader h = header;
        lock.lock();
        try {
            return TapeSummary.of(h, TapeStatus.RECORDING, stats.stats(0),
                    channel.isOpen() ? channel.size() + out.buffered() : 0);
        } catch (IOException e) {
            throw failure("measure", e);
        } finally {
            lock.unlock();
        }
    }

    private void checkpoint() throws IOException {
        Checkpoint c = new Checkpoint(Instant.now(), order.last(), stats.stats(0));
        out.write(c);
        stats.accept(c);
        sinceCheckpoint = 0;
    }

    private void afterWrite() throws IOException {
        if (durability.kind() == Durability.Kind.EVERY_FRAME) {
            out.flush();
            channel.force(false);
            durable.set(appended);
        } else {
            dirty = true;
        }
    }

    private void force() {
        try {
            if (channel.isOpen()) {
                channel.force(false);
            }
        } catch (java.nio.channels.ClosedChannelException e) {
            // finished meanwhile: finish forced everything
        } catch (IOException e) {
            throw failure("sync", e);
        }
    }

    private void noteNames(Frame f) {
        if (namesOverflowed) {
            return;
        }
        String method = f.method();
        if (method != null) {
            methods.add(method);
        }
        String tool = f.toolName();
        if (tool != null) {
            tools.add(tool);
        }
        if (methods.size() > TapeIndexEntry.MAX_NAMES || tools.size() > TapeIndexEntry.MAX_NAMES) {
            namesOverflowed = true;
        }
    }

    private Set<String> names(Set<String> s) {
        return namesOverflowed ? null : Set.copyOf(s);
    }

    private void ensureOpen() {
        if (result != null) {
            throw StorageState.finishedWriter(id());
        }
        if (broken != null) {
            throw broken;
        }
    }

    private StorageException broke(String action, IOException e) {
        if (broken == null) {
            broken = new StorageException("cannot " + action + " tape " + id() + " in " + backend.directory() + ": "
                    + FileProblem.describe(e) + " (check free space and permissions); the tape ends with what was"
                    + " written before", e);
        }
        return broken;
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            // already failing; the first error is the one reported
        }
    }

    private StorageException failure(String action, IOException e) {
        return new StorageException("cannot " + action + " tape " + id() + " in " + backend.directory() + ": "
                + e.getMessage() + " (check free space and permissions)", e);
    }

    /** Writes to the channel, however many calls it takes. */
    private static final class ChannelOutput extends OutputStream {
        private final FileChannel channel;

        ChannelOutput(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
