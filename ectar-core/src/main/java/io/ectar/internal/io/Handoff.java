package io.ectar.internal.io;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded hand-off of work from one producer thread to one consumer thread, with failure propagation
 * both ways: Ectar's one pattern for passing work between threads.
 *
 * <p>The producer {@link #put}s items (blocking while {@code capacity} are waiting) and ends with
 * {@link #finish()} or {@link #producerFailed}. The consumer {@link #take}s them (blocking while none are
 * waiting) and, when it gives up, calls {@link #consumerFailed} or {@link #close()}. Every end wakes the other
 * side at once: no polling and no timed waits.
 *
 * <ul>
 *   <li>A producer failure reaches the consumer in stream position: {@code take} first returns the items put
 *       before it, then throws it.
 *   <li>A consumer failure reaches the producer at once: the next (or a blocked) {@code put} throws it and the
 *       waiting items are dropped.
 *   <li>After {@link #close()} without a failure, {@code put} throws {@link ClosedException}, which a
 *       background producer takes as its signal to stop.
 * </ul>
 *
 * <p>Failures are thrown as they were when unchecked, as they were when an {@link IOException}, and wrapped
 * in one otherwise ({@link Failures#rethrow}). Every field is guarded by {@code lock}.
 *
 * @param <T> the items handed over
 */
public final class Handoff<T> implements AutoCloseable {

    /** Thrown to the producer once the consumer has closed the hand-off, and to a consumer taking after it. */
    public static final class ClosedException extends IOException {
        private static final long serialVersionUID = 1L;

        ClosedException(String message) {
            super(message);
        }
    }

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<T> items;
    private boolean finished;
    private Throwable producerFailure;
    private Throwable consumerFailure;
    private boolean closed;

    /** A hand-off holding at most {@code capacity} items the consumer has not taken yet. */
    public Handoff(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is below 1");
        }
        this.capacity = capacity;
        this.items = new ArrayDeque<>(capacity);
    }

    /**
     * Hands {@code item} to the consumer, waiting while {@code capacity} items are waiting.
     *
     * @throws IOException the consumer's failure, or {@link ClosedException} when the consumer closed
     * @throws IllegalStateException when the producer already finished or failed
     */
    public void put(T item) throws IOException, InterruptedException {
        Objects.requireNonNull(item, "item");
        lock.lockInterruptibly();
        try {
            while (true) {
                throwIfConsumerGone();
                if (finished || producerFailure != null) {
                    throw new IllegalStateException("put after the producer ended");
                }
                if (items.size() < capacity) {
                    items.addLast(item);
                    notEmpty.signal();
                    return;
                }
                notFull.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * For a producer that has finished and then waited for the consumer to end (a join): throws the
     * consumer's failure, if any.
     */
    public void checkConsumer() throws IOException {
        lock.lock();
        try {
            if (consumerFailure != null) {
                throw Failures.rethrow(consumerFailure);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The producer's end: {@link #take} returns empty once the items put so far are taken. Idempotent. */
    public void finish() {
        lock.lock();
        try {
            finished = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The producer failed: the consumer gets {@code failure} after the items put before it. First one wins. */
    public void producerFailed(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        lock.lock();
        try {
            if (producerFailure == null && !finished) {
                producerFailure = failure;
            }
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next item, waiting while none is waiting; empty once the producer {@linkplain #finish() finished}
     * and every item was taken.
     *
     * @throws IOException the producer's failure (after the items put before it), or {@link ClosedException}
     *     after {@link #close()}
     */
    public Optional<T> take() throws IOException, InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                if (closed || consumerFailure != null) {
                    throw new ClosedException("take after the consumer ended the hand-off");
                }
                T item = items.pollFirst();
                if (item != null) {
                    notFull.signal();
                    return Optional.of(item);
                }
                if (producerFailure != null) {
                    throw Failures.rethrow(producerFailure);
                }
                if (finished) {
                    return Optional.empty();
                }
                notEmpty.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The consumer failed: the producer's next or waiting {@link #put} throws {@code failure}. First one wins. */
    public void consumerFailed(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        lock.lock();
        try {
            if (consumerFailure == null && !closed) {
                consumerFailure = failure;
            }
            items.clear();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The consumer's end: waiting items are dropped and the producer's next or waiting {@link #put} throws
     * {@link ClosedException}. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            items.clear();
            notFull.signalAll();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void throwIfConsumerGone() throws IOException {
        if (consumerFailure != null) {
            throw Failures.rethrow(consumerFailure);
        }
        if (closed) {
            throw new ClosedException("the consumer closed the hand-off");
        }
    }
}
