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
 * <p>On tape: the line {@value #MAGIC}, then compact JSON with snake_case names, in records of the block
 * size.
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
     * One tape file, at the same file number on every tape, with the same length on every tape that
     * holds it (zfec shards of one chunk are equally long; replicated files are identical).
     *
     * @param chunk the chunk number for {@link Kind#CHUNK}, else 0
     * @param length the true length in bytes (without fixed-block padding)
     * @param records the number of records
     * @param crc32c per tape index: the CRC-32C (8 hex digits) of that tape's copy or shard, or null when
     *     that tape holds nothing good of this file
     */
    public record TapeFile(long file, Kind kind, int chunk, long length, long records, List<String> crc32c) {
        public TapeFile {
            crc32c = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(crc32c));
        }

        /**
         * The file from what each tape wrote of it (null where a tape wrote nothing); a tape whose length
         * disagrees with the others is counted as holding nothing.
         */
        static TapeFile of(long file, Kind kind, int chunk, List<ShardOnTape> perTape) {
            ShardOnTape first = perTape.stream().filter(Objects::nonNull).findFirst().orElse(null);
            List<String> crcs = new java.util.ArrayList<>();
            for (ShardOnTape s : perTape) {
                boolean agrees = s != null && s.length() == first.length() && s.records() == first.records();
                crcs.add(agrees ? s.crc32c() : null);
            }
            return new TapeFile(file, kind, chunk, first == null ? 0 : first.length(),
                    first == null ? 0 : first.records(), crcs);
        }

        /** What tape {@code tape} holds of this file, or null. */
        public ShardOnTape shard(int tape) {
            String crc = tape < crc32c.size() ? crc32c.get(tape) : null;
            return crc == null ? null : new ShardOnTape(length, records, crc);
        }

        /** How many tapes hold this file. */
        @JsonIgnore
        public long present() {
            return crc32c.stream().filter(Objects::nonNull).count();
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
        return TapeSetLayout.encode(MAGIC, this, false);
    }

    static TapeDirectory decode(byte[] bytes, int length) throws IOException {
        return TapeSetLayout.decode(MAGIC, bytes, length, TapeDirectory.class);
    }
}
