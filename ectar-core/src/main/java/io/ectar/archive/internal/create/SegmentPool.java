package io.ectar.archive.internal.create;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The memory of the chunk payloads in flight: at most {@code limit} direct buffers of {@code segmentSize}
 * bytes, made when first needed and reused after. Outside the Java heap, so that the collector neither
 * copies them nor sizes the heap for them: the heap stays small, and what the payloads take is exact. The compressor {@linkplain #take takes} segments as a payload
 * grows; the encoder {@linkplain #give gives} each one back as soon as it has coded past it, so the next
 * payload grows into the memory the previous one frees while it is still being coded.
 *
 * <p>The limit is sized for one whole payload plus some slack, never less: a payload that already holds
 * {@code limit} segments (a payload larger than estimated) gets a new one rather than waiting for itself.
 * Waiting for a segment is interruptible, which is how a stopped pipeline frees a waiting compressor.
 * Every field is guarded by {@code lock}.
 */
final class SegmentPool {

    private final int segmentSize;
    private final int limit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition returned = lock.newCondition();
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private int made;

    /**
     * @param segmentSize bytes per segment
     * @param limit       segments that may exist at once (normally), at least 1
     */
    SegmentPool(int segmentSize, int limit) {
        if (segmentSize < 1 || limit < 1) {
            throw new IllegalArgumentException("segment size " + segmentSize + " and limit " + limit + " must be positive");
        }
        this.segmentSize = segmentSize;
        this.limit = limit;
    }

    /** Pool for payloads of at most {@code maxPayload} bytes: one whole payload plus {@code slack} segments. */
    static SegmentPool forPayloads(long maxPayload, int segmentSize, int slack) {
        long whole = (maxPayload + segmentSize - 1) / segmentSize;
        return new SegmentPool(segmentSize, (int) Math.min(Integer.MAX_VALUE, whole + slack));
    }

    int segmentSize() {
        return segmentSize;
    }

    /**
     * A segment (its contents are left over from before), waiting while {@code limit} are in use, unless the
     * caller's payload already holds {@code held} &gt;= limit of them.
     */
    ByteBuffer take(int held) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (free.isEmpty() && made >= limit && held < limit) {
                returned.await();
            }
            ByteBuffer s = free.poll();
            if (s != null) {
                return s;
            }
            made++;
        } finally {
            lock.unlock();
        }
        return ByteBuffer.allocateDirect(segmentSize); // outside the lock: the JVM zeroes it
    }

    /** Returns a segment taken from this pool. */
    void give(ByteBuffer segment) {
        lock.lock();
        try {
            free.push(segment);
            returned.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Segments given back and not taken again. */
    int free() {
        lock.lock();
        try {
            return free.size();
        } finally {
            lock.unlock();
        }
    }

    /** Segments made so far (in use or free). */
    int made() {
        lock.lock();
        try {
            return made;
        } finally {
            lock.unlock();
        }
    }
}
