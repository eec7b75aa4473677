package io.ectar.tape;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * The last file of every tape of a set, identical on all of them: where each file is and what each
 * tape holds of it (length, record count, CRC-32C), which tapes were dropped during writing, and
 * whether the set ended early at the tapes' early-warning point.
 *
 * <p>On tape: the line {@value #MAGIC}, then JSON with snake_case names, in records of the block size.
 */
public record TapeDirectory(String setId, int dataShards, int parityShards, int blockSize, BlockMode blockMode,
        List<TapeFile> files, List<DroppedTape> dropped, boolean endedAtEarlyWarning) {

    /** The first line of the directory. */
    public static final String MAGIC = "ECTAR TAPE DIRECTORY 1";

    public TapeDirectory {
        Objects.requireNonNull(setId, "setId");
        files = List.copyOf(files);
        dropped = List.copyOf(dropped);
    }

    /** What a tape file holds. */
    public enum Kind {
        @JsonProperty("chunk") CHUNK,
        @JsonProperty("index-shard") INDEX_SHARD,
        @JsonProperty("recovery") RECOVERY,
        @JsonProperty("index") INDEX
    }

    /**
     * One tape file, at the same file number on every tape.
     *
     * @param chunk the chunk number for {@link Kind#CHUNK}, else 0
     * @param shards per tape index: what that tape holds of this file, null when it holds nothing good
     */
    public record TapeFile(long file, Kind kind, int chunk, List<ShardOnTape> shards) {
        public TapeFile {
            shards = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(shards));
        }

        /** How many tapes hold this file. */
        @JsonIgnore
        public long present() {
            return shards.stream().filter(Objects::nonNull).count();
        }
    }

    /** One tape's copy or shard of a file: true length, number of records and CRC-32C (8 hex digits). */
    public record ShardOnTape(long length, long records, String crc32c) {
    }

    /** A tape that failed while the set was written: from {@code file} on it holds nothing usable. */
    public record DroppedTape(int tape, long file, String reason) {
    }

    /** The chunk files, in order. */
    @JsonIgnore
    public List<TapeFile> chunks() {
        return files.stream().filter(f -> f.kind() == Kind.CHUNK).toList();
    }

    /** The first file of {@code kind}, or null. */
    public TapeFile file(Kind kind) {
        return files.stream().filter(f -> f.kind() == kind).findFirst().orElse(null);
    }

    byte[] encode() {
        return TapeSetLayout.encode(MAGIC, this);
    }

    static TapeDirectory decode(byte[] bytes, int length) throws IOException {
        return TapeSetLayout.decode(MAGIC, bytes, length, TapeDirectory.class);
    }
}
