package io.ectar.internal.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fsyncs (and renames after them) that the archive is still waiting for. Closing a shard file hands
 * its fsync to a few background threads, so the encoder goes on with the next chunk while the disk
 * catches up; {@link #await()} is the barrier before the index may claim those files.
 *
 * <p>Why not a {@link Handoff}: this is a pool, not a stream. Four threads run the fsyncs in parallel and in
 * any order (the disk sorts them), work may come from any thread that closes a file, and what the caller
 * needs back is a barrier ({@link #await()}) and the first failure, not the items in order. A failure
 * reaches the submitters at their next {@link #submit} (once noticed) or at {@link #await()}; nothing polls
 * or waits with a timeout.
 *
 * <p>Who owns what: {@code pending} (the work not yet seen finished) is guarded by this object's monitor;
 * each piece of work belongs to the pool thread running it, and its outcome reaches the waiter through its
 * {@code Future}.
 */
public final class PendingSyncs implements AutoCloseable {

    /** A piece of durable-write work: fsync, close, maybe rename. */
    public interface Work {
        void run() throws IOException;
    }

    private static final int THREADS = 4;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ExecutorService threads;
    private final List<Future<?>> pending = new ArrayList<>();

    public PendingSyncs() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "ectar-fsync-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts {@code work} in the background. */
    public synchronized void submit(Work work) throws IOException {
        rethrowFailure();
        pending.add(threads.submit(() -> {
            work.run();
            return null;
        }));
    }

    /** Throws the first failure among the work finished so far, without waiting for the rest. */
    public synchronized void rethrowFailure() throws IOException {
        for (Future<?> f : pending) {
            if (f.isDone()) {
                get(f);
            }
        }
        pending.removeIf(Future::isDone);
    }

    /** Waits until every submitted piece of work is done; throws the first failure. */
    public void await() throws IOException {
        List<Future<?>> waiting;
        synchronized (this) {
            waiting = new ArrayList<>(pending);
        }
        IOException first = null;
        for (Future<?> f : waiting) {
            try {
                get(f);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        synchronized (this) {
            pending.removeAll(waiting);
        }
        if (first != null) {
            throw first;
        }
    }

    /** Waits for the work under way, ignoring failures (used before cleaning up after one). */
    public void drain() {
        try {
            await();
        } catch (IOException ignored) {
            // the caller is already handling a failure
        }
    }

    @Override
    public void close() {
        threads.shutdown();
    }

    private static void get(Future<?> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for files to reach the disk");
        } catch (ExecutionException e) {
            throw Failures.rethrow(e.getCause());
        }
    }
}
