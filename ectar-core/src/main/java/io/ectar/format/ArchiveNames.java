package io.ectar.format;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file names of one archive with base name {@code base}: shards {@code BASE.cNNN.sMM}, the index
 * {@code BASE.index.zst}, index shards {@code BASE.index.sMM} and {@code BASE.RECOVERY.txt}.
 */
public record ArchiveNames(String base) {

    private static final String INDEX_SUFFIX = ".index.zst";
    private static final Pattern INDEX_SHARD = Pattern.compile("(.+)\\.index\\.s(\\d{2,})");

    public ArchiveNames {
        Objects.requireNonNull(base, "base");
        if (base.isEmpty() || base.contains("/")) {
            throw new IllegalArgumentException("archive base name must be a non-empty file name, got '" + base + "'");
        }
    }

    /** {@code BASE.cNNN.sMM}. */
    public String shard(int chunk, int shard) {
        return new ShardName(base, chunk, shard).fileName();
    }

    /** {@code BASE.index.zst}. */
    public String indexFile() {
        return base + INDEX_SUFFIX;
    }

    /** {@code BASE.index.sMM}. */
    public String indexShard(int shard) {
        return base + ".index.s" + ZeroPadded.decimal(shard, 2);
    }

    /** {@code BASE.RECOVERY.txt}. */
    public String recoveryFile() {
        return base + ".RECOVERY.txt";
    }

    /** The base of an index file name ({@code x.index.zst}), if it is one. */
    public static Optional<String> baseOfIndexFile(String fileName) {
        if (fileName.endsWith(INDEX_SUFFIX) && fileName.length() > INDEX_SUFFIX.length()) {
            return Optional.of(fileName.substring(0, fileName.length() - INDEX_SUFFIX.length()));
        }
        return Optional.empty();
    }

    /** The shard number of an index shard file name of this archive, if it is one. */
    public Optional<Integer> indexShardNumber(String fileName) {
        Matcher m = INDEX_SHARD.matcher(fileName);
        if (m.matches() && m.group(1).equals(base)) {
            int n = Integer.parseInt(m.group(2));
            return n <= 255 ? Optional.of(n) : Optional.empty();
        }
        return Optional.empty();
    }

    /** The base of an index shard file name ({@code x.index.s03}), if it is one. */
    public static Optional<String> baseOfIndexShard(String fileName) {
        Matcher m = INDEX_SHARD.matcher(fileName);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
