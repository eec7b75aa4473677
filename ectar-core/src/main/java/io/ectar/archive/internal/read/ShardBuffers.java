package io.ectar.archive.internal.read;

import java.util.ArrayDeque;

/**
 * Reusable arrays for the data shards of the chunks in flight, and the bound on how many there are. Reading
 * a chunk needs k arrays of a shard's length; taking them from here instead of allocating them keeps a
 * payload's worth of fresh memory per chunk from being zeroed, faulted in and copied around by the
 * collector. Arrays only grow.
 *
 * <p>At most {@code limit} sets are out at once: {@link #take} waits for one to come back, so the reading
 * thread gets at most {@code limit - 1} chunks ahead of the decompressing one, whatever the chunk size.
 * Every set taken must be given back, also after a failure; waiting is
 * interruptible, which is how a closed pipeline frees the reader. Thread-safe: taken by the reading thread,
 * given back by the decompressing one.
 */
final class ShardBuffers {

    private final int limit;
    private final ArrayDeque<byte[][]> free = new ArrayDeque<>();
    private int out;

    ShardBuffers(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("at least one set of shard buffers, not " + limit);
        }
        this.limit = limit;
    }

    /**
     * {@code count} arrays of at least {@code length} bytes each; their contents are left over from before.
     * Waits while {@code limit} sets are out.
     */
    synchronized byte[][] take(int count, int length) throws InterruptedException {
        while (out >= limit) {
            wait();
        }
        out++;
        byte[][] set = free.poll();
        if (set == null || set.length != count) {
            set = new byte[count][];
        }
        for (int i = 0; i < count; i++) {
            if (set[i] == null || set[i].length < length) {
                set[i] = null; // the old array can go before the new one is made
                set[i] = new byte[length];
            }
        }
        return set;
    }

    /** Gives a set back once nothing reads it any more. */
    synchronized void give(byte[][] set) {
        out--;
        free.push(set);
        notifyAll();
    }
}
