package io.ectar.tape;

import io.ectar.archive.ShardSource;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The archive readers' {@link ShardSource} for a tape set. Chunks are streamed from all tapes in
 * parallel by a {@link TapeShardReader}; asking for chunks in increasing order (as the readers do) never
 * moves a tape backward. A shard a tape could not deliver (unreadable record, failed CRC, failed drive)
 * is reported as missing, with the reason in the exception.
 */
public final class TapeShardSource implements ShardSource {

    private final TapeShardReader reader;
    private final boolean allShards;
    private TapeShardReader.ShardStream stream;
    private ChunkShards current;
    private Map<Integer, byte[]> indexShards;

    /**
     * @param allShards wait for every tape's shard of each chunk (to verify them all) rather than
     *     moving on once k good shards are in
     */
    public TapeShardSource(TapeShardReader reader, boolean allShards) {
        this.reader = reader;
        this.allShards = allShards;
    }

    /** The reader underneath. */
    public TapeShardReader reader() {
        return reader;
    }

    @Override
    public String base() {
        String archive = reader.label().archive();
        return archive != null ? archive : "tapeset-" + reader.label().setId().substring(0, 8);
    }

    @Override
    public String describe() {
        TapeLabel label = reader.label();
        return "tape set " + label.setId() + " (" + reader.tapes().stream()
                .map(reader::describeTape).collect(Collectors.joining(", "))
                + "; " + reader.tapes().size() + " of " + label.tapes() + " tapes, any " + label.dataShards()
                + " needed)";
    }

    @Override
    public SortedMap<Integer, SortedMap<Integer, Long>> chunkShards() {
        SortedMap<Integer, SortedMap<Integer, Long>> all = new TreeMap<>();
        for (TapeDirectory.TapeFile f : reader.directory().chunks()) {
            all.put(f.chunk(), present(f));
        }
        return all;
    }

    /** The tapes of the set that were not given. */
    @Override
    public Set<Integer> shardsNotGiven() {
        Set<Integer> notGiven = new TreeSet<>();
        for (int t = 0; t < reader.label().tapes(); t++) {
            if (!reader.tapes().contains(t)) {
                notGiven.add(t);
            }
        }
        return notGiven;
    }

    @Override
    public SortedMap<Integer, Long> indexShards() {
        TapeDirectory.TapeFile f = reader.directory().file(TapeDirectory.Kind.INDEX_SHARD);
        return f == null ? new TreeMap<>() : present(f);
    }

    private SortedMap<Integer, Long> present(TapeDirectory.TapeFile file) {
        SortedMap<Integer, Long> shards = new TreeMap<>();
        for (int tape : reader.tapes()) {
            TapeDirectory.ShardOnTape s = file.shard(tape);
            if (s != null && reader.mayRead(tape, file.file())) {
                shards.put(tape, s.length());
            }
        }
        return shards;
    }

    @Override
    public synchronized Optional<byte[]> readIndexFile(long maxBytes) throws IOException {
        TapeDirectory.TapeFile f = reader.directory().file(TapeDirectory.Kind.INDEX);
        if (f == null || f.present() == 0 || f.length() > maxBytes) {
            return Optional.empty();
        }
        stopStream();
        try {
            return Optional.of(reader.readFromAnyTape(TapeDirectory.Kind.INDEX));
        } catch (RaitException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized byte[] readShard(int chunk, int shard, long maxBytes) throws IOException {
        if (chunk < 1 || chunk > reader.chunkCount()) {
            throw new NoSuchFileException("chunk " + chunk + " is not on the tapes (" + reader.chunkCount()
                    + " chunks)");
        }
        if (current == null || current.chunk() != chunk) {
            if (stream == null || current == null || current.chunk() > chunk) {
                stopStream();
                stream = reader.chunks(chunk, reader.chunkCount(), allShards);
            }
            do {
                current = stream.nextAvailable();
            } while (current.chunk() < chunk);
        }
        byte[] bytes = current.shards().get(shard);
        if (bytes == null) {
            // Handed out once k shards were in: wait for this tape's own answer.
            current = stream.await(shard);
            bytes = current.shards().get(shard);
        }
        if (bytes == null) {
            String why = current.problems().stream().filter(p -> p.startsWith("tape " + shard + " ")
                    || p.startsWith("tape " + shard + ":")).findFirst().orElse("tape " + shard + " was not given");
            throw new NoSuchFileException("chunk " + chunk + " shard " + shard + ": " + why);
        }
        return bytes.length > maxBytes ? Arrays.copyOf(bytes, (int) maxBytes) : bytes;
    }

    @Override
    public synchronized byte[] readIndexShard(int shard, long maxBytes) throws IOException {
        if (indexShards == null) {
            stopStream();
            indexShards = reader.readIndexShards();
        }
        byte[] bytes = indexShards.get(shard);
        if (bytes == null) {
            throw new NoSuchFileException("index shard " + shard + " is not readable on the tapes given");
        }
        return bytes.length > maxBytes ? Arrays.copyOf(bytes, (int) maxBytes) : bytes;
    }

    private void stopStream() {
        if (stream != null) {
            stream.close();
            stream = null;
            current = null;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        stopStream();
        reader.close();
    }
}
