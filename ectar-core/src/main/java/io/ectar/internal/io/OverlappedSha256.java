package io.ectar.internal.io;

import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A SHA-256 computed on a helper thread, one buffer behind its caller: while the caller writes a buffer out
 * and fills the next one, the previous buffer is hashed. Worth it for large files only (each buffer is a
 * hand-over between threads). Used by one caller thread at a time.
 *
 * <p>Why not a {@link Handoff}: this is a call answered one step late, not a stream. The caller owns both
 * buffers and must know when the helper is done with one (it refills it two calls later), so every update
 * first waits for the previous one to finish: a one-deep queue with an acknowledgement, which a
 * {@code Future} is. Nothing polls or waits with a timeout.
 *
 * <p>Who owns what: {@code helper}, {@code digest} and {@code pending} belong to the caller's thread; the
 * digest is lent to the helper with each update and comes back with {@code pending.get()}, which orders
 * the helper's writes before the caller's next read.
 */
public final class OverlappedSha256 implements AutoCloseable {

    private ExecutorService helper;
    private MessageDigest digest;
    private Future<?> pending;

    /** Starts a new digest. */
    public void reset() throws InterruptedIOException {
        await();
        digest = Sha256.newDigest();
    }

    /**
     * Hashes {@code buffer[0, length)} on the helper thread. The caller must leave the buffer alone until its
     * next call (the hand-over of the next buffer waits for this one to be hashed).
     */
    public void update(byte[] buffer, int length) throws InterruptedIOException {
        await();
        if (helper == null) {
            helper = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "ectar-file-hasher");
                t.setDaemon(true);
                return t;
            });
        }
        MessageDigest d = digest;
        pending = helper.submit(() -> d.update(buffer, 0, length));
    }

    /** The digest of everything given since {@link #reset}, in the index's hex form. */
    public String hex() throws InterruptedIOException {
        await();
        return Sha256.hex(digest);
    }

    private void await() throws InterruptedIOException {
        if (pending == null) {
            return;
        }
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        } catch (ExecutionException e) {
            throw new IllegalStateException("hashing failed", e.getCause());
        } finally {
            pending = null;
        }
    }

    @Override
    public void close() {
        if (helper != null) {
            helper.shutdownNow();
            helper = null; // a later update starts a new one
        }
    }
}
