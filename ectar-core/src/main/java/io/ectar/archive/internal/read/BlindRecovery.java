package io.ectar.archive.internal.read;

import io.ectar.codec.ShareFileException;
import io.ectar.codec.ShareHeader;
import io.ectar.codec.ZfecCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Rebuilds a payload from shard files without checksums to trust: the zfec headers and lengths are put to
 * a vote, then k shards that agree are decoded and the result must pass a check (a zstd frame's checksum,
 * a parsable index). When they fail, other k-subsets are tried, in an order that leaves out every shard
 * early (see {@link #subsets}), so one bad shard costs at most k + 1 decodes wherever it is. The shards not
 * used are classified by re-encoding the payload and comparing.
 *
 * <p>A payload that checks out but belongs elsewhere (another archive's, another chunk's) condemns the
 * shards that hold it, and the search goes on among the others.
 *
 * <p>A payload with nothing to check it by (a plain tar slice of a version-1 archive) is accepted only
 * when a shard that was not used to build it agrees with it, so a bad shard among the k is never taken
 * for right, and the good shards are never blamed.
 */
public final class BlindRecovery {

    /** How many k-subsets to try before giving up: any 2 bad shards for k = 10 take at most 66. */
    private static final int MAX_ATTEMPTS = 256;

    /** One shard file's bytes. */
    record Shard(int number, byte[] bytes) {
    }

    /** What a payload's own check says about it. */
    enum Verdict {
        /** It fails its check: some shard used was bad. */
        INVALID,
        /** It passes a checksum: it is right. */
        CHECKED,
        /** It has no checksum: only the other shards can confirm it. */
        UNCHECKED,
        /** It is whole and checked, but another archive's or another chunk's: the shards that hold it are bad. */
        FOREIGN
    }

    /**
     * The outcome.
     *
     * @param payload null when nothing valid could be rebuilt
     * @param codec   the code the shards' headers agree on, null when they agree on none
     */
    record Result(byte[] payload, ZfecCodec codec, List<Integer> good, SortedMap<Integer, String> bad) {
    }

    /** The codec for payloads coded into {@code m} shards of which any {@code k} rebuild them. */
    @FunctionalInterface
    interface Codecs {
        ZfecCodec codec(int k, int m);
    }

    private BlindRecovery() {
    }

    /**
     * @param codecs gives the codec for k of m shards, so callers can cache them
     * @param check  what a decoded payload's own check says
     */
    static Result recover(List<Shard> shards, Codecs codecs, Function<byte[], Verdict> check) {
        SortedMap<Integer, String> bad = new TreeMap<>();
        Map<Shard, ShareHeader> headers = new HashMap<>();
        for (Shard s : shards) {
            try {
                ShareHeader h = ShareHeader.parse(s.bytes());
                if (h.shareNumber() != s.number()) {
                    bad.put(s.number(), "its zfec header says it is shard " + h.shareNumber());
                } else {
                    headers.put(s, h);
                }
            } catch (ShareFileException e) {
                bad.put(s.number(), "no valid zfec header");
            }
        }
        // The shards of one payload share k, m, the pad length and the file length.
        Map<List<Long>, List<Shard>> groups = headers.keySet().stream().collect(Collectors.groupingBy(s -> {
            ShareHeader h = headers.get(s);
            return List.of((long) h.k(), (long) h.m(), (long) h.padLength(), (long) s.bytes().length);
        }));
        List<Shard> agreeing = groups.values().stream()
                .max(Comparator.<List<Shard>>comparingInt(List::size)
                        .thenComparingLong(g -> g.get(0).bytes().length))
                .orElse(List.of());
        for (Shard s : headers.keySet()) {
            if (!agreeing.contains(s)) {
                bad.put(s.number(), "its zfec header or length disagrees with the other shards");
            }
        }
        if (agreeing.isEmpty()) {
            return new Result(null, null, List.of(), bad);
        }
        ShareHeader h = headers.get(agreeing.get(0));
        ZfecCodec codec = codecs.codec(h.k(), h.m());
        List<Shard> sorted = new ArrayList<>(agreeing);
        sorted.sort(Comparator.comparingInt(Shard::number));
        int k = codec.k();
        if (sorted.size() < k) {
            return new Result(null, codec, List.of(), bad);
        }
        boolean unconfirmed = false;
        List<Shard> candidates = sorted;
        int attempts = 0;
        search:
        while (candidates.size() >= k) {
            Iterator<int[]> subsets = subsets(candidates.size(), k);
            while (attempts < MAX_ATTEMPTS && subsets.hasNext()) {
                attempts++;
                List<byte[]> chosen = new ArrayList<>();
                for (int i : subsets.next()) {
                    chosen.add(candidates.get(i).bytes());
                }
                byte[] payload = decode(codec, chosen);
                Verdict verdict = payload == null ? Verdict.INVALID : check.apply(payload);
                if (verdict == Verdict.INVALID) {
                    continue;
                }
                SortedMap<Integer, String> differ = new TreeMap<>();
                List<Integer> good = classify(codec, payload, candidates, differ);
                if (verdict == Verdict.FOREIGN) {
                    List<Shard> rest = new ArrayList<>();
                    for (Shard s : candidates) {
                        if (good.contains(s.number())) {
                            bad.put(s.number(), "holds data of another archive or chunk");
                        } else {
                            rest.add(s);
                        }
                    }
                    candidates = rest;
                    continue search;
                }
                // Without a checksum, a payload is right only if a shard beyond the k that built it agrees.
                if (verdict == Verdict.CHECKED || good.size() > k || candidates.size() == k) {
                    bad.putAll(differ);
                    return new Result(payload, codec, good, bad);
                }
                unconfirmed = true;
            }
            break;
        }
        String why = unconfirmed
                ? "no " + k + " shards decode to data that another shard confirms"
                : "no " + k + " shards decode to valid data";
        for (Shard s : candidates) {
            bad.putIfAbsent(s.number(), why);
        }
        return new Result(null, codec, List.of(), bad);
    }

    /**
     * The k-subsets of positions 0..n-1 to try, in this order: the first k (the data shards, cheapest to
     * decode), then for e = 1, 2, ... every subset of the first k + e positions that leaves out e of them
     * and was not tried before (one that keeps position k + e - 1). Any set of e bad shards is thus left out
     * after at most C(k + e, e) subsets, and each single shard within the first k + 1.
     */
    static Iterator<int[]> subsets(int n, int k) {
        return new Iterator<>() {
            private int e;
            /** The positions left out of the first k + e, ascending, all below k + e - 1; null when done. */
            private int[] out = new int[0];

            @Override
            public boolean hasNext() {
                return out != null;
            }

            @Override
            public int[] next() {
                if (out == null) {
                    throw new java.util.NoSuchElementException();
                }
                int[] subset = new int[k];
                int at = 0;
                for (int p = 0, o = 0; p < k + e; p++) {
                    if (o < out.length && out[o] == p) {
                        o++;
                    } else {
                        subset[at++] = p;
                    }
                }
                advance();
                return subset;
            }

            private void advance() {
                if (e > 0 && nextCombination(out, k + e - 1)) {
                    return;
                }
                e++;
                if (k + e > n) {
                    out = null;
                    return;
                }
                out = new int[e];
                Arrays.setAll(out, i -> i);
            }
        };
    }

    private static byte[] decode(ZfecCodec codec, List<byte[]> shards) {
        try {
            return codec.decode(shards);
        } catch (ShareFileException e) {
            return null;
        }
    }

    /** Re-encodes the payload: shards equal to the rebuilt ones are good, the others go to {@code bad}. */
    private static List<Integer> classify(ZfecCodec codec, byte[] payload, List<Shard> shards,
            SortedMap<Integer, String> bad) {
        byte[][] rebuilt = codec.encode(payload);
        List<Integer> good = new ArrayList<>();
        for (Shard s : shards) {
            if (Arrays.equals(rebuilt[s.number()], s.bytes())) {
                good.add(s.number());
            } else {
                bad.put(s.number(), "content differs from the rebuilt shard");
            }
        }
        return good;
    }

    /** Advances {@code c} to the next k-combination of 0..n-1 in lexicographic order. */
    private static boolean nextCombination(int[] c, int n) {
        int k = c.length;
        int i = k - 1;
        while (i >= 0 && c[i] == n - k + i) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        c[i]++;
        for (int j = i + 1; j < k; j++) {
            c[j] = c[j - 1] + 1;
        }
        return true;
    }
}
