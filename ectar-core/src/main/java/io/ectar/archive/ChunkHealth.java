package io.ectar.archive;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * What reading one chunk found: which shards were good, which were missing and which were bad (and why).
 * Shards that were not needed are in none of the lists.
 *
 * @param chunk     chunk number (from 1)
 * @param needed    k, the shards needed to rebuild it
 * @param good      shard numbers that passed every check
 * @param missing   shard numbers with no file
 * @param bad       shard number to why it was rejected (checksum mismatch, truncated, bad header, ...)
 * @param recovered whether the chunk's payload was rebuilt and checked
 * @param problem   what else went wrong, or null
 */
public record ChunkHealth(int chunk, int needed, List<Integer> good, List<Integer> missing,
        SortedMap<Integer, String> bad, boolean recovered, String problem) {

    public ChunkHealth {
        good = List.copyOf(good);
        missing = List.copyOf(missing);
        bad = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(bad));
    }

    /** Whether a shard was missing or bad. */
    public boolean damaged() {
        return !missing.isEmpty() || !bad.isEmpty() || problem != null;
    }

    /** Whether a shard was bad, or missing other than those in {@code notGiven} (tapes not given, say). */
    public boolean damagedApartFrom(java.util.Set<Integer> notGiven) {
        return !bad.isEmpty() || problem != null || missing.stream().anyMatch(s -> !notGiven.contains(s));
    }

    /** One line, e.g. {@code "2 of 3 needed shards are good; missing shard 4; bad shard 1 (SHA-256 mismatch)"}. */
    public String describe() {
        StringJoiner s = new StringJoiner("; ");
        if (!recovered && problem == null) {
            s.add(good.size() + " of " + needed + " needed shards are good");
        }
        if (problem != null) {
            s.add(problem);
        }
        if (!missing.isEmpty()) {
            s.add((missing.size() == 1 ? "missing shard " : "missing shards ") + join(missing));
        }
        if (!bad.isEmpty()) {
            StringJoiner b = new StringJoiner(", ", bad.size() == 1 ? "bad shard " : "bad shards ", "");
            for (Map.Entry<Integer, String> e : bad.entrySet()) {
                b.add(e.getKey() + " (" + e.getValue() + ")");
            }
            s.add(b.toString());
        }
        return s.length() == 0 ? "all shards good" : s.toString();
    }

    private static String join(List<Integer> shards) {
        StringJoiner j = new StringJoiner(",");
        shards.forEach(i -> j.add(String.valueOf(i)));
        return j.toString();
    }
}
