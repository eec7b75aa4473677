package io.ectar.tape;

import com.fasterxml.jackson.annotation.JsonCreator;
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
 * <p>It is also the set's <em>catalog</em>: file numbers here are <em>logical</em>, the same on every tape
 * (chunk c is logical file c), and {@link #volumes()} says, per tape index, which cartridge (volume) holds
 * which logical files; {@link #locate} turns a logical file into the volume and the physical tape file on
 * it. A tape of one volume has physical = logical file numbers, as before volumes existed.
 *
 * <p>On tape: the line {@value #MAGIC} ({@value #MAGIC_VOLUMES} when some tape spans more than one
 * volume, so that readers that do not know volumes refuse it), then compact JSON with snake_case names, in
 * records of the block size.
 */
public record TapeDirectory(String setId, int dataShards, int parityShards, int blockSize, BlockMode blockMode,
        List<TapeFile> files, List<DroppedTape> dropped, boolean endedAtEarlyWarning, List<Volume> volumes) {

    /** The first line of the directory of a set whose tapes are one volume each. */
    public static final String MAGIC = "ECTAR TAPE DIRECTORY 1";
    /** The first line of the directory of a set where some tape spans volumes. */
    public static final String MAGIC_VOLUMES = "ECTAR TAPE DIRECTORY 2";

    @JsonCreator
    public TapeDirectory {
        Objects.requireNonNull(setId, "setId");
        files = List.copyOf(files);
        dropped = List.copyOf(dropped);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }

    /** A directory without a volume list (every tape one volume). */
    public TapeDirectory(String setId, int dataShards, int parityShards, int blockSize, BlockMode blockMode,
            List<TapeFile> files, List<DroppedTape> dropped, boolean endedAtEarlyWarning) {
        this(setId, dataShards, parityShards, blockSize, blockMode, files, dropped, endedAtEarlyWarning, List.of());
    }

    /**
     * One cartridge of a tape index: logical files {@code firstFile..lastFile} are its physical files
     * 1..(lastFile - firstFile + 1); file 0 is its label.
     *
     * @param tape the tape index (shard number)
     * @param volume the volume sequence number, from 1
     * @param firstFile the first logical file on it
     * @param lastFile the last logical file on it (the directory itself, on the last volume)
     * @param firstChunk the first chunk on it, or 0 when it holds only trailer files
     * @param lastChunk the last chunk on it, or 0
     * @param slot the changer slot it was loaded from, or null
     * @param barcode its barcode (changer volume tag), or null
     * @param device the drive it was written in
     */
    public record Volume(int tape, int volume, long firstFile, long lastFile, int firstChunk, int lastChunk,
            String slot, String barcode, String device) {

        /** Whether logical file {@code file} is on this volume. */
        public boolean holds(long file) {
            return file >= firstFile && file <= lastFile;
        }

        /** The physical tape file of logical file {@code file} on this volume. */
        public long physical(long file) {
            return file - firstFile + 1;
        }

        /** How a person names this cartridge: "tape 1 volume 2 (slot 5, barcode ECT005L9)". */
        public String describe() {
            String where = slot == null && barcode == null ? ""
                    : " (" + (slot != null ? "slot " + slot : "") + (slot != null && barcode != null ? ", " : "")
                    + (barcode != null ? "barcode " + barcode : "") + ")";
            return "tape " + tape + " volume " + volume + where;
        }
    }

    /** Where a logical file of one tape is: the volume (cartridge) and the physical file on it. */
    public record Location(int tape, int volume, long physicalFile) {
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

    /** The volumes of tape {@code tape} in order; a tape the directory lists no volumes for is one volume. */
    public List<Volume> volumesOf(int tape) {
        List<Volume> own = volumes.stream().filter(v -> v.tape() == tape)
                .sorted(java.util.Comparator.comparingInt(Volume::volume)).toList();
        if (!own.isEmpty()) {
            return own;
        }
        long last = files.isEmpty() ? 1 : files.get(files.size() - 1).file() + 1;
        int lastChunk = chunks().isEmpty() ? 0 : chunks().get(chunks().size() - 1).chunk();
        return List.of(new Volume(tape, 1, 1, last, chunks().isEmpty() ? 0 : 1, lastChunk, null, null, null));
    }

    /** The volume number of tape {@code tape}'s last volume, which holds the trailer and this directory. */
    public int lastVolume(int tape) {
        List<Volume> own = volumesOf(tape);
        return own.get(own.size() - 1).volume();
    }

    /**
     * Where tape {@code tape} holds logical file {@code file}.
     *
     * @throws IllegalArgumentException when no volume of that tape holds it (the tape was dropped before it)
     */
    public Location locate(int tape, long file) {
        for (Volume v : volumesOf(tape)) {
            if (v.holds(file)) {
                return new Location(tape, v.volume(), v.physical(file));
            }
        }
        throw new IllegalArgumentException("no volume of tape " + tape + " holds file " + file);
    }

    /** Whether some tape spans more than one volume. */
    @JsonIgnore
    public boolean multiVolume() {
        return volumes.stream().anyMatch(v -> v.volume() > 1);
    }

    byte[] encode() {
        return TapeSetLayout.encode(multiVolume() ? MAGIC_VOLUMES : MAGIC, this, false);
    }

    static TapeDirectory decode(byte[] bytes, int length) throws IOException {
        TapeDirectory one = TapeSetLayout.decode(MAGIC, bytes, length, TapeDirectory.class);
        return one != null ? one : TapeSetLayout.decode(MAGIC_VOLUMES, bytes, length, TapeDirectory.class);
    }
}
