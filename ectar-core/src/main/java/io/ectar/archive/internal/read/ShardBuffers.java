package io.ectar.archive.internal.read;

import java.util.ArrayDeque;

/**
 * Reusable arrays for the data shards of the chunks in flight. Reading a chunk needs k arrays of a shard's
 * length; taking them from here instead of allocating them keeps a payload's worth of fresh memory per chunk
 * from being zeroed, faulted in and copied around by the collector. Arrays only grow, and at most
 * {@code keep} sets are kept. Thread-safe: taken by the reading thread, given back by the decompressing one.
 */
final class ShardBuffers {

    private final int keep;
    private final ArrayDeque<byte[][]> free = new ArrayDeque<>();

    ShardBuffers(int keep) {
        this.keep = keep;
    }

    /** {@code count} arrays of at least {@code length} bytes each; their contents are left over from before. */
    synchronized byte[][] take(int count, int length) {
        byte[][] set = free.poll();
        if (set == null || set.length != count) {
            set = new byte[count][];
        }
        for (int i = 0; i < count; i++) {
            if (set[i] == null || set[i].length < length) {
                set[i] = new byte[length];
            }
        }
        return set;
    }

    /** Gives a set back once nothing reads it any more. */
    synchronized void give(byte[][] set) {
        if (free.size() < keep) {
            free.push(set);
        }
    }
}
