package com.example.shadowcat.provider;

import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.storage.support.StorageState;
import io.shadowcat.storage.support.TapeStatsCollector;
import io.shadowcat.tape.Checkpoint;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.FrameOrder;
import io.shadowcat.tape.JsonLinesTapeWriter;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeRecord;
import io.shadowcat.tape.TapeStatus;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Appends one live tape to its {@code ID.jsonl}; {@link #finish} writes the closing checkpoint and then the
 * meta file (through the backend), which makes the tape stored. The frame-seq rule is {@link FrameOrder}'s,
 * the counters {@link TapeStatsCollector}'s, the error after {@code finish} {@link StorageState}'s.
 *
 * <p>Every method is synchronized on this writer, so {@link #flush} from the recorder's sync thread is safe
 * beside an {@code append} (the SPI asks for that); all mutable fields are guarded by the writer's monitor.
 */
final class DirectoryTapeWriter implements TapeWriter {

    private final DirectoryBackend backend;
    private final FileOutputStream file;
    private final JsonLinesTapeWriter out;
    private final FrameOrder order;
    private final TapeStatsCollector stats = new TapeStatsCollector();
    private TapeHeader header;
    private TapeSummary result;

    DirectoryTapeWriter(DirectoryBackend backend, TapeHeader start, Path path) throws IOException {
        this.backend = backend;
        this.header = start.withMetadata(start.metadata().recording(Instant.now()).withStats(null));
        this.order = new FrameOrder(start.id());
        this.file = new FileOutputStream(path.toFile());
        this.out = new JsonLinesTapeWriter(file, header);
        out.write(header);
        out.flush();
    }

    @Override
    public TapeId id() {
        return header.id();
    }

    @Override
    public synchronized void append(Frame frame) {
        ensureWritable();
        order.accept(frame.seq()); // refused frames are not written and the writer stays usable
        write(frame);
    }

    @Override
    public synchronized void append(Correlation correlation) {
        ensureWritable();
        write(correlation);
    }

    @Override
    public synchronized void updateHeader(TapeHeader newHeader) {
        ensureWritable();
        StorageState.requireSameTape(id(), newHeader);
        // id, session and creation time are fixed by the init line; the rest may change while recording
        header = new TapeHeader(header.id(), header.sessionId(), header.createdAt(), newHeader.protocolVersion(),
                newHeader.metadata().recording(Instant.now()));
    }

    @Override
    public synchronized void flush() {
        if (result != null) {
            return;
        }
        try {
            out.flush();
            file.getFD().sync();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush tape " + id(), e);
        }
    }

    @Override
    public synchronized TapeSummary finish(TapeStatus status) {
        if (result != null) {
            return result;
        }
        try {
            write(new Checkpoint(Instant.now(), Math.max(0, order.last()), stats.stats(0)));
            out.flush();
            file.getFD().sync();
            long size = file.getChannel().size();
            out.close();
            Instant now = Instant.now();
            header = header.withMetadata(header.metadata().withStatus(status).withTimes(now, now)
                    .withStats(stats.stats(size)).withPerformance(stats.performance()));
            backend.finished(this, header, size);
            result = TapeSummary.of(header, status, stats.stats(size), size);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish tape " + id(), e);
        }
    }

    @Override
    public void close() {
        finish(TapeStatus.FINALIZED);
    }

    synchronized TapeHeader header() {
        return header;
    }

    synchronized TapeSummary liveSummary() {
        long size;
        try {
            size = file.getChannel().size() + out.buffered();
        } catch (IOException e) {
            size = 0; // a size is only informative while recording
        }
        return TapeSummary.of(header, TapeStatus.RECORDING, stats.stats(0), size);
    }

    private void write(TapeRecord r) {
        try {
            out.write(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tape " + id(), e);
        }
        stats.accept(r);
    }

    private void ensureWritable() {
        if (result != null) {
            throw StorageState.finishedWriter(id());
        }
        backend.state().ensureOpen();
    }
}
