package io.ectar.format;

import java.util.Objects;
import java.util.function.Function;

/**
 * How an archive was written.
 *
 * <p>The index names compression, codec and layout as strings ({@code "zstd"}, {@code "zfec"},
 * {@code "directory"}); they are parsed into the types below where the index is read ({@link IndexJson}) and
 * written back with the same names, so the index JSON is as it always was. A name this version does not
 * know (a newer writer's) is refused there, with the name.
 *
 * @param dataShards  k: shards needed to rebuild a chunk
 * @param totalShards m: shards written per chunk (k data + m-k parity)
 * @param chunkSize   the most tar-stream bytes one chunk holds
 * @param compression how chunk payloads are compressed (and at which zstd level)
 * @param codec       the erasure code
 * @param layout      where shards live
 * @param archiveId   the random id in every chunk's {@link ChunkHeader} (format version 2); null for
 *                    version 1 archives, which have none
 */
public record ArchiveParameters(int dataShards, int totalShards, long chunkSize, Compression compression,
        Codec codec, Layout layout, String archiveId) {

    /** How chunk payloads are compressed; the index's {@code compression} and {@code compression_level}. */
    public sealed interface Compression {

        /** Not compressed: chunk payloads are zstd frames of raw blocks. */
        Compression NONE = new None();
        /** Only for reports about an archive without an index: its compression is not known. */
        Compression UNKNOWN = new Unknown();

        /** The name in the index. */
        String wireName();

        /** The index's {@code compression_level}: the zstd level, 0 when not compressed or not known. */
        int level();

        /** From the index's two fields; refuses a name this version does not know. */
        static Compression of(String name, int level) {
            return switch (Objects.requireNonNull(name, "compression")) {
                case "zstd" -> new Zstd(level);
                case "none" -> NONE;
                case "unknown" -> UNKNOWN;
                default -> throw new IllegalArgumentException("unknown compression '" + name + "'");
            };
        }

        /** zstd at {@code level}. */
        record Zstd(int level) implements Compression {
            @Override
            public String wireName() {
                return "zstd";
            }
        }

        /** Not compressed. */
        record None() implements Compression {
            @Override
            public String wireName() {
                return "none";
            }

            @Override
            public int level() {
                return 0;
            }
        }

        /** Not known (no index). */
        record Unknown() implements Compression {
            @Override
            public String wireName() {
                return "unknown";
            }

            @Override
            public int level() {
                return 0;
            }
        }
    }

    /** The erasure code; the index's {@code codec}. */
    public enum Codec {
        /** zfec share files, stripes of k x 4096 bytes: the only codec this version writes. */
        ZFEC("zfec");

        private final String wireName;

        Codec(String wireName) {
            this.wireName = wireName;
        }

        /** The name in the index. */
        public String wireName() {
            return wireName;
        }

        /** From the index's name; refuses a name this version does not know. */
        public static Codec of(String name) {
            return byWireName(values(), Codec::wireName, name, "codec");
        }
    }

    /** Where shards live; the index's {@code layout}. */
    public enum Layout {
        /** Files {@code BASE.cNNN.sMM} in a directory. */
        DIRECTORY("directory"),
        /** A tape set: tape i holds shard i of every chunk. */
        TAPE("tape");

        private final String wireName;

        Layout(String wireName) {
            this.wireName = wireName;
        }

        /** The name in the index. */
        public String wireName() {
            return wireName;
        }

        /** From the index's name; refuses a name this version does not know. */
        public static Layout of(String name) {
            return byWireName(values(), Layout::wireName, name, "layout");
        }
    }

    /** The constant named {@code name} in the index; {@code what} names the field in the error. */
    private static <E> E byWireName(E[] constants, Function<E, String> wireName, String name, String what) {
        for (E c : constants) {
            if (wireName.apply(c).equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "'");
    }

    public ArchiveParameters {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(layout, "layout");
        if (dataShards < 1 || totalShards < dataShards || totalShards > 256) {
            throw new IllegalArgumentException("need 1 <= k <= m <= 256, got k=" + dataShards + " m=" + totalShards);
        }
        if (archiveId != null && !ChunkHeader.isArchiveId(archiveId)) {
            throw new IllegalArgumentException("archive_id must be 32 lower-case hex digits, got '" + archiveId + "'");
        }
    }

    /** Parameters without an archive id (a version 1 archive, or one known only from its shards). */
    public ArchiveParameters(int dataShards, int totalShards, long chunkSize, Compression compression, Codec codec,
            Layout layout) {
        this(dataShards, totalShards, chunkSize, compression, codec, layout, null);
    }

    /** m - k: how many shards of a chunk may be lost. */
    public int parityShards() {
        return totalShards - dataShards;
    }

    /** Whether chunk payloads are zstd frames. */
    public boolean compressed() {
        return compression instanceof Compression.Zstd;
    }
}
