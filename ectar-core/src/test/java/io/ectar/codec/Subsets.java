package io.ectar.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** k-subsets of 0..m-1, for tests. */
final class Subsets {

    private Subsets() {
    }

    /** Every k-subset of 0..m-1, each in ascending order. */
    static List<List<Integer>> of(int m, int k) {
        List<List<Integer>> all = new ArrayList<>();
        collect(m, k, 0, new ArrayList<>(), all);
        return all;
    }

    private static void collect(int m, int k, int from, List<Integer> current, List<List<Integer>> all) {
        if (current.size() == k) {
            all.add(List.copyOf(current));
            return;
        }
        for (int i = from; i <= m - (k - current.size()); i++) {
            current.add(i);
            collect(m, k, i + 1, current, all);
            current.remove(current.size() - 1);
        }
    }

    /** A random k-subset of 0..m-1 in random order. */
    static List<Integer> random(int m, int k, Random random) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            all.add(i);
        }
        java.util.Collections.shuffle(all, random);
        return all.subList(0, k);
    }
}
