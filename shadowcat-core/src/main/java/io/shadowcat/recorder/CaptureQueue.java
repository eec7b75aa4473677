package io.shadowcat.recorder;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off between the relay threads and the recording thread, bounded by the storage's durability
 * window as well as in messages and bytes.
 *
 * <p>A line is <em>settled</em> once the recorder has made it durable (or given up on it). {@link #offer}
 * makes the relay wait for the recorder when the oldest unsettled line is older than the window, when
 * more lines are unsettled than the recorder settled in half a window lately (so that the backlog a crash
 * can hit never takes longer than the window to write, even right after a burst), or when the queue is
 * full; at most {@code maxWait}. Past that the line is dropped from the tape (it is still
 * relayed) and counted, and so is every line until the recorder has caught up, so a stuck storage costs
 * the session one wait, not one per message. Without a window (the storage promises nothing before the
 * tape is finished) nothing waits and a full queue drops at once; the same holds from the moment the
 * recorder reports that the storage failed ({@link #storageFailed()}): a failed storage makes no durability
 * promise any more, and waiting for it stalled a session on every failed sync. With
 * {@link RelayPolicy#NEVER_WAIT} the relay never waits either: a line behind the window is queued all the
 * same (and counted as unsettled), and only a full queue drops.
 *
 * <p>Threads: the two relay threads call {@link #offer} and {@link #countDropped}; the recording thread
 * calls {@link #take}, {@link #settleTaken}, {@link #headBehind}, {@link #relayWaiting}; the sync thread calls
 * {@link #settled}; either of those two may call {@link #storageFailed}; the session's thread calls
 * {@link #close} and reads the counters. Every mutable field is guarded by {@code lock}, so this class is
 * the one place where the recorder's threads meet.
 */
final class CaptureQueue {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureQueue.class);
    private static final long NONE = Long.MIN_VALUE;
    /** Lines that may run ahead of the disk before the recorder's pace is known (a cold start). */
    static final long MIN_UNSETTLED = 64;

    private final int capacity;
    private final long maxBytes;
    private final long windowNanos; // negative: no window
    private final long maxWaitNanos;
    private final RelayPolicy policy;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Condition settledCondition = lock.newCondition();

    // Guarded by lock.
    private final ArrayDeque<CapturedLine> lines = new ArrayDeque<>();
    private long queuedBytes;
    private long settlingSince = NONE; // capture time of the oldest line the sync under way will settle
    private long takenSince = NONE; // capture time of the oldest line taken since, not yet settling
    private long settlingCount;
    private long takenCount;
    private long maxUnsettled = MIN_UNSETTLED; // what the recorder settles in half a window, as measured
    private long lastSettledNanos = System.nanoTime();
    private boolean waitedSinceSettled;
    private boolean dropping;
    private int waiting;
    private long dropped;
    private long waits;
    private long waitedNanos;
    private boolean closed;
    private boolean storageFailed; // no durability to wait for any more

    /**
     * @param window the storage's durability window, empty when it makes no promise before finishing
     * @param maxWait how long one wait of the relay may last before lines are dropped
     * @param policy whether the relay may wait at all
     */
    CaptureQueue(int capacity, long maxBytes, Optional<Duration> window, Duration maxWait, RelayPolicy policy) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.windowNanos = window.map(Duration::toNanos).orElse(-1L);
        this.maxWaitNanos = maxWait.toNanos();
        this.policy = policy;
    }

    /** A queue whose relay waits within the window ({@link RelayPolicy#WAIT_WITHIN_WINDOW}). */
    CaptureQueue(int capacity, long maxBytes, Optional<Duration> window, Duration maxWait) {
        this(capacity, maxBytes, window, maxWait, RelayPolicy.WAIT_WITHIN_WINDOW);
    }

    /** The durability window, or a negative number when there is none. */
    long windowNanos() {
        return windowNanos;
    }

    /**
     * Queues a line for recording; waits while the recorder is more than the window behind, up to the
     * wait limit, then drops and counts the line.
     */
    void offer(CapturedLine line) {
        int size = line.bytes().length;
        lock.lock();
        try {
            long now = System.nanoTime();
            if (policy == RelayPolicy.NEVER_WAIT) {
                if (full(size)) {
                    dropped++;
                    if (!dropping && !closed) {
                        dropping = true; // until a line fits again
                        LOG.warn("recording: the recorder is {} messages behind the relay, which may not wait for it;"
                                + " messages are relayed but dropped from the tape until it catches up", lines.size());
                    }
                    return;
                }
            } else if (mustWait(size, now)) {
                if (dropping || !guarded()) {
                    dropped++;
                    return;
                }
                if (!await(size, now)) {
                    dropped++;
                    if (!dropping && !closed && !storageFailed) { // the first of several waiting relays warns
                        dropping = true; // until the recorder has caught up
                        LOG.warn("recording: the storage is more than {} ms behind and did not catch up within {} ms;"
                                        + " messages are relayed but dropped from the tape until it does",
                                TimeUnit.NANOSECONDS.toMillis(windowNanos), TimeUnit.NANOSECONDS.toMillis(maxWaitNanos));
                    }
                    return;
                }
            }
            dropping = false;
            lines.addLast(line);
            queuedBytes += size;
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    private boolean await(int size, long start) {
        waits++;
        waitedSinceSettled = true;
        waiting++;
        long deadline = start + maxWaitNanos;
        try {
            long now = start;
            while (mustWait(size, now)) {
                if (closed || !guarded() || now - deadline >= 0) {
                    return false;
                }
                settledCondition.awaitNanos(deadline - now);
                now = System.nanoTime();
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting--;
            waitedNanos += System.nanoTime() - start;
        }
    }

    /** True while the relay may wait for durability: there is a window and the storage has not failed. */
    private boolean guarded() {
        return windowNanos >= 0 && !storageFailed;
    }

    private boolean full(int size) {
        return !lines.isEmpty() && (lines.size() >= capacity || queuedBytes + size > maxBytes);
    }

    private boolean mustWait(int size, long now) {
        if (full(size)) {
            return true;
        }
        if (storageFailed) {
            return false;
        }
        if (windowNanos > 0 && settlingCount + takenCount + lines.size() >= maxUnsettled) {
            return true;
        }
        long oldest = oldestUnsettled();
        return windowNanos >= 0 && oldest != NONE && now - oldest > windowNanos;
    }

    private long oldestUnsettled() {
        if (settlingSince != NONE) {
            return settlingSince;
        }
        if (takenSince != NONE) {
            return takenSince;
        }
        CapturedLine first = lines.peekFirst();
        return first == null ? NONE : first.nanos();
    }

    /** Counts a message that never reached the queue (e.g. too large to record). */
    void countDropped() {
        lock.lock();
        try {
            dropped++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next line, waiting up to {@code timeoutNanos}; null when none arrived in time or when the queue
     * is closed and empty. The line stays unsettled until {@link #settleTaken()} and then {@link #settled()}.
     */
    CapturedLine take(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = timeoutNanos;
            while (lines.isEmpty() && !closed && remaining > 0) {
                remaining = arrived.awaitNanos(remaining);
            }
            CapturedLine line = lines.pollFirst();
            if (line != null) {
                queuedBytes -= line.bytes().length;
                if (takenSince == NONE) {
                    takenSince = line.nanos();
                }
                takenCount++;
                if (!guarded()) {
                    takenSince = NONE; // nothing to wait for
                    takenCount = 0;
                }
                settledCondition.signalAll(); // room in the queue
            }
            return line;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A sync begins: the lines taken so far are what {@link #settled()} will settle; lines taken from
     * now on wait for the next sync.
     */
    void settleTaken() {
        lock.lock();
        try {
            if (settlingSince == NONE) {
                settlingSince = takenSince;
            }
            takenSince = NONE;
            settlingCount += takenCount;
            takenCount = 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The sync begun by {@link #settleTaken()} is done: those lines are durable (or lost for good), and
     * relays waiting on them may go on. Also wakes the recorder, which may have the next sync to start.
     */
    void settled() {
        lock.lock();
        try {
            long now = System.nanoTime();
            if (waitedSinceSettled && windowNanos > 0) {
                // the relay waited: the recorder was the bottleneck, so this is its pace
                long elapsed = Math.max(1, now - lastSettledNanos);
                double perHalfWindow = (double) settlingCount * (windowNanos / 2.0) / elapsed;
                maxUnsettled = (long) Math.max(MIN_UNSETTLED, Math.min(capacity, perHalfWindow));
            }
            waitedSinceSettled = waiting > 0;
            lastSettledNanos = now;
            settlingSince = NONE;
            settlingCount = 0;
            settledCondition.signalAll();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True when the next line to take was captured more than the window ago: the recorder is behind. */
    boolean headBehind() {
        lock.lock();
        try {
            CapturedLine first = lines.peekFirst();
            return first != null && windowNanos >= 0 && System.nanoTime() - first.nanos() > windowNanos;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The storage failed (an append or a sync threw): from now on nothing waits for durability, as without
     * a window; relays waiting now go on. The recorder warns once; the queue says nothing more.
     */
    void storageFailed() {
        lock.lock();
        try {
            storageFailed = true;
            dropping = false;
            settlingSince = NONE;
            takenSince = NONE;
            settlingCount = 0;
            takenCount = 0;
            settledCondition.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True while a relay thread waits for the recorder. */
    boolean relayWaiting() {
        lock.lock();
        try {
            return waiting > 0;
        } finally {
            lock.unlock();
        }
    }

    /** No more lines will be offered; a relay still waiting drops its line. */
    void close() {
        lock.lock();
        try {
            closed = true;
            arrived.signalAll();
            settledCondition.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True once closed and drained. */
    boolean isDone() {
        lock.lock();
        try {
            return closed && lines.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Lines still waiting; what is left when recording must stop early counts as lost. */
    int pending() {
        lock.lock();
        try {
            return lines.size();
        } finally {
            lock.unlock();
        }
    }

    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** How often, and how long in all, the relay waited for the recorder. */
    RelayWaits waits() {
        lock.lock();
        try {
            return new RelayWaits(waits, Duration.ofNanos(waitedNanos));
        } finally {
            lock.unlock();
        }
    }

    /** How often and how long the relay waited for the recorder to catch up. */
    record RelayWaits(long count, Duration total) {
    }
}
