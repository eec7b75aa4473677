package io.shadowcat.storage.support;

import io.shadowcat.tape.TapeStatus;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread of a provider that drives its live {@link BatchingTapeWriter}s: every period it calls each
 * one's {@link BatchingTapeWriter#onSchedule} (commit what waited {@code batch_interval}, renew a claim),
 * logging a failure at most every 10 s (the writer keeps what waits and retries); on {@link #close} it
 * stops, then finishes every writer still live. Support for provider authors.
 *
 * <p>Threads: the writers are handed over through {@code live}, which the provider fills and empties;
 * everything else here belongs to the committer's thread.
 */
public final class BatchCommitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchCommitter.class);
    private static final long LOG_EVERY = TimeUnit.SECONDS.toNanos(10);

    private final LiveTapes<? extends BatchingTapeWriter> live;
    private final ScheduledExecutorService thread;
    private long lastFailureLogged; // System.nanoTime; the committer thread's

    /** Starts the thread {@code threadName}, a daemon, running every {@code period}. */
    public BatchCommitter(String threadName, LiveTapes<? extends BatchingTapeWriter> live, Duration period) {
        this.live = live;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, period.toMillis());
        thread.scheduleWithFixedDelay(this::run, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void run() {
        for (BatchingTapeWriter w : live.writers()) {
            try {
                w.onSchedule();
            } catch (RuntimeException e) {
                long now = System.nanoTime();
                if (lastFailureLogged == 0 || now - lastFailureLogged > LOG_EVERY) {
                    lastFailureLogged = now;
                    LOG.warn("cannot commit recorded frames of tape {} yet, will retry: {}", w.id(), e.getMessage());
                }
            }
        }
    }

    /** Stops the thread (a commit under way ends first), then finishes every writer still live, logging failures. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (BatchingTapeWriter w : live.writers()) {
            try {
                w.finish(TapeStatus.FINALIZED);
            } catch (RuntimeException e) {
                LOG.warn("cannot finish tape {} on close: {}", w.id(), e.getMessage());
            }
        }
    }
}
