package io.ectar.tape;

import io.ectar.archive.CompressedIndex;
import io.ectar.archive.ShardSink;
import io.ectar.format.ArchiveParameters;
import io.ectar.tape.device.TapeDevice;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The archive pipeline's {@link ShardSink} for a tape set: shards go to a {@link RaitShardWriter}, the
 * recovery text and the index to every tape, and optionally the index and recovery text to a local
 * directory too, so the archive can be listed without the tapes.
 *
 * <p>Durability differs from a directory: a closed shard stream may still be queued for its drive. The
 * commit point is {@link #finish()}, which waits for every drive, writes the tape directory and the
 * end-of-data marks, and only then commits the local index.
 */
public final class TapeShardSink implements ShardSink {

    private final RaitShardWriter writer;
    private final String devices;
    private final ShardSink local;
    private CompressedIndex pendingIndex;
    private List<DriveReport> reports;
    private boolean stoppedEarly;

    /**
     * @param local where to keep a copy of the index and recovery text (a directory sink), or null
     */
    public TapeShardSink(RaitShardWriter writer, List<? extends TapeDevice> devices, ShardSink local) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.devices = devices.stream().map(TapeDevice::name).collect(Collectors.joining(", "));
        this.local = local;
    }

    @Override
    public ArchiveParameters.Layout layout() {
        return ArchiveParameters.Layout.TAPE;
    }

    @Override
    public String describe() {
        return "tape set " + writer.label().setId() + " on " + devices;
    }

    @Override
    public OutputStream openShard(int chunk, int shard) throws IOException {
        return writer.openShard(chunk, shard);
    }

    @Override
    public OutputStream openIndexShard(int shard) throws IOException {
        return writer.openIndexShard(shard);
    }

    @Override
    public void writeRecoveryText(String text) throws IOException {
        writer.writeOnEveryTape(TapeDirectory.Kind.RECOVERY, text.getBytes(StandardCharsets.UTF_8));
        if (local != null) {
            local.writeRecoveryText(text);
        }
    }

    @Override
    public void commitIndex(CompressedIndex compressedIndex) throws IOException {
        // (a tape takes the index as one record: it is held whole here)
        writer.writeOnEveryTape(TapeDirectory.Kind.INDEX, compressedIndex.bytes());
        pendingIndex = compressedIndex;
    }

    /** The shards of the drives dropped so far; waits for every queued record first. */
    @Override
    public Map<Integer, Set<Integer>> lostShards() throws IOException {
        return writer.lostChunkShards();
    }

    /** Whether a tape reported early warning: the archive should end after the current chunk. */
    @Override
    public boolean full() {
        if (writer.earlyWarning()) {
            stoppedEarly = true;
        }
        return stoppedEarly;
    }

    /** Whether {@link #full()} said so: the archive ended early and holds less than was asked for. */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    @Override
    public void finish() throws IOException {
        reports = writer.finish();
        if (local != null) {
            if (pendingIndex != null) {
                local.commitIndex(pendingIndex);
            }
            local.finish();
        }
    }

    /** How each drive did; after {@link #finish()}. */
    public List<DriveReport> reports() {
        if (reports == null) {
            throw new IllegalStateException("finish() first");
        }
        return reports;
    }

    /** The tape set's directory; after {@link #finish()}. */
    public TapeDirectory directory() {
        return writer.directory();
    }

    /** The drives dropped while writing, one line each. */
    public List<String> droppedDrives() {
        return writer.droppedDrives();
    }

    @Override
    public void abort() {
        if (local != null) {
            local.abort();
        }
        try {
            writer.close();
        } catch (IOException e) {
            // abort never throws; the drives' own errors were reported when they happened
        }
    }

    @Override
    public void close() throws IOException {
        try {
            writer.close();
        } finally {
            if (local != null) {
                local.close();
            }
        }
    }
}
