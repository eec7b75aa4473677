package io.shadowcat.recorder;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded hand-off between the relay threads and the recording thread, limited both in messages and
 * in bytes. Offering never blocks: when the recorder falls behind, the message is dropped from the tape
 * (it has already been relayed) and counted, so a slow or failing storage never slows the session.
 */
final class CaptureQueue {

    private final ArrayBlockingQueue<CapturedLine> lines;
    private final long maxBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    CaptureQueue(int capacity, long maxBytes) {
        this.lines = new ArrayBlockingQueue<>(capacity);
        this.maxBytes = maxBytes;
    }

    /** Queues a line for recording, or drops and counts it when the queue is full. Never blocks. */
    void offer(CapturedLine line) {
        int size = line.bytes().length;
        if (queuedBytes.addAndGet(size) > maxBytes || !lines.offer(line)) {
            queuedBytes.addAndGet(-size);
            dropped.incrementAndGet();
        }
    }

    /** Counts a message that never reached the queue (e.g. too large to record). */
    void countDropped() {
        dropped.incrementAndGet();
    }

    /**
     * The next line, waiting up to {@code timeoutMillis}; null when none arrived in time or when the queue
     * is closed and empty.
     */
    CapturedLine poll(long timeoutMillis) throws InterruptedException {
        CapturedLine line = lines.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (line != null) {
            queuedBytes.addAndGet(-line.bytes().length);
        }
        return line;
    }

    /** No more lines will be offered. */
    void close() {
        closed = true;
    }

    /** True once closed and drained. */
    boolean isDone() {
        return closed && lines.isEmpty();
    }

    /** Lines still waiting; what is left when recording must stop early counts as lost. */
    int pending() {
        return lines.size();
    }

    long dropped() {
        return dropped.get();
    }
}
