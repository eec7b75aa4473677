package io.ectar.format;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of one shard file, {@code BASE.cNNN.sMM}: shard {@code MM} of chunk {@code NNN}.
 *
 * <p>Chunks count from 1 and shards from 0. The widths (3 and 2 digits) are minimums, so chunk 1000
 * is {@code c1000}. The base may itself contain dots ({@code backup.2026-11-21}).
 */
public record ShardName(String base, int chunk, int shard) {

    private static final Pattern PATTERN = Pattern.compile("(.+)\\.c(\\d{3,})\\.s(\\d{2,})");

    public ShardName {
        Objects.requireNonNull(base, "base");
        if (base.isEmpty()) {
            throw new IllegalArgumentException("shard base name is empty");
        }
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk numbers start at 1, got " + chunk);
        }
        if (shard < 0 || shard > 255) {
            throw new IllegalArgumentException("shard number must be 0..255, got " + shard);
        }
    }

    /** Parses a file name (no directory part); empty when it is not a shard file name. */
    public static Optional<ShardName> parse(String fileName) {
        Matcher m = PATTERN.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ShardName(
                    m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
        } catch (IllegalArgumentException outOfRange) {
            return Optional.empty();
        }
    }

    /** The file name, e.g. {@code backup.c001.s07}. */
    public String fileName() {
        return base + ".c" + ZeroPadded.decimal(chunk, 3) + ".s" + ZeroPadded.decimal(shard, 2);
    }

    @Override
    public String toString() {
        return fileName();
    }
}
