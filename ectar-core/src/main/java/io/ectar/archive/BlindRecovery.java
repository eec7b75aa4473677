package io.ectar.archive;

import io.ectar.codec.ShareFileException;
import io.ectar.codec.ShareHeader;
import io.ectar.codec.ZfecCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Rebuilds a payload from shard files without checksums to trust: the zfec headers and lengths are put to
 * a vote, then k shards that agree are decoded and the result must pass a validity check (a zstd frame's
 * checksum, a parsable index). When the first k fail, other k-subsets are tried. The shards not used are
 * classified by re-encoding the payload and comparing.
 */
final class BlindRecovery {

    /** How many k-subsets to try before giving up. */
    private static final int MAX_ATTEMPTS = 256;

    /** One shard file's bytes. */
    record Shard(int number, byte[] bytes) {
    }

    /**
     * The outcome.
     *
     * @param payload null when nothing valid could be rebuilt
     * @param codec   the code the shards' headers agree on, null when they agree on none
     */
    record Result(byte[] payload, ZfecCodec codec, List<Integer> good, SortedMap<Integer, String> bad) {
    }

    private BlindRecovery() {
    }

    /**
     * @param codecs gives the codec for (k, m), so callers can cache them
     * @param valid  whether a decoded payload is right
     */
    static Result recover(List<Shard> shards, Function<int[], ZfecCodec> codecs, Predicate<byte[]> valid) {
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
        ZfecCodec codec = codecs.apply(new int[] {h.k(), h.m()});
        List<Shard> sorted = new ArrayList<>(agreeing);
        sorted.sort(Comparator.comparingInt(Shard::number));
        if (sorted.size() < codec.k()) {
            return new Result(null, codec, List.of(), bad);
        }
        int[] pick = new int[codec.k()];
        Arrays.setAll(pick, i -> i);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<byte[]> chosen = new ArrayList<>();
            for (int i : pick) {
                chosen.add(sorted.get(i).bytes());
            }
            byte[] payload = decode(codec, chosen);
            if (payload != null && valid.test(payload)) {
                return new Result(payload, codec, classify(codec, payload, sorted, bad), bad);
            }
            if (!nextCombination(pick, sorted.size())) {
                break;
            }
        }
        for (Shard s : sorted) {
            bad.putIfAbsent(s.number(), "no " + codec.k() + " shards decode to valid data");
        }
        return new Result(null, codec, List.of(), bad);
    }

    private static byte[] decode(ZfecCodec codec, List<byte[]> shards) {
        try {
            return codec.decode(shards);
        } catch (ShareFileException e) {
            return null;
        }
    }

    /** Re-encodes the payload: shards equal to the rebuilt ones are good, the others bad. */
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
