package io.shadowcat.storage.layer.encryption;

import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeId;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Encrypts one live tape's segments and stores them, in the background: the writer hands over each piece of
 * a segment's plaintext as it fills ({@link #write}) and the segment's end ({@link #close}); a worker of the
 * backend's sealing pool encrypts the pieces into the segment's age file as they come (the X25519 step and
 * most of the ChaCha20-Poly1305 work thus overlap the caller's appends), and at the end cuts it into parts
 * and appends them to the provider's writer.
 *
 * <p>Ownership: a byte array handed to {@link #write} belongs to the sealer from then on. The provider's
 * writer ({@code inner}) is appended to only by the sealer's tasks, one at a time and in order (each task of
 * one tape runs after the one before it; tasks of different tapes run in parallel on the pool); the
 * encrypted writer calls {@code inner}'s other methods (header, flush, finish) only after {@link #await},
 * when no task is left. At most {@value #MAX_PENDING_BYTES} bytes of plaintext wait at once: beyond that,
 * {@link #write} and {@link #close} wait for the oldest task, so a slow provider slows the caller down
 * instead of filling the heap.
 *
 * <p>Errors: the first task that fails (the provider's append, the encryption) stops every later one, and
 * its exception is rethrown, with the tape and segment named, by the next {@link #write}, {@link #close},
 * {@link #check} or {@link #await}, and by every one after: never lost. The segments before it are stored.
 *
 * <p>Used by one thread at a time (the encrypted writer calls it under its lock), except
 * {@link #durableFrames}, which any thread may call.
 */
final class SegmentSealer {

    /** Plaintext is handed over in pieces of at least this size: the age payload chunk. */
    static final int PIECE_BYTES = 64 * 1024;
    /** How much handed-over plaintext may wait for the pool before the caller waits. */
    static final int MAX_PENDING_BYTES = 4 * Segments.TARGET_BYTES;

    private final TapeId tape;
    private final AgeCipher cipher;
    private final TapeWriter inner;
    private final Executor pool;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long pendingBytes;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    /** Next segment's index, as handed over (the caller's view). */
    private long segmentsClosed;

    // owned by the tasks (one at a time, ordered by the future chain, which also publishes them)
    private AgeCipher.Encryption open;
    private long partsStored;

    // read by any thread: what is stored, for durableFrames
    private final Object progressLock = new Object();
    private long segmentsStored;
    /** framesUpTo[i], partsUpTo[i]: frames and stored parts in segments 0..i. */
    private long[] framesUpTo = new long[16];
    private long[] partsUpTo = new long[16];

    private record Pending(CompletableFuture<Void> done, long bytes) {
    }

    SegmentSealer(TapeId tape, AgeCipher cipher, TapeWriter inner, Executor pool) {
        this.tape = tape;
        this.cipher = cipher;
        this.inner = inner;
        this.pool = pool;
    }

    /** Hands over the next plaintext of the open segment (the segment's first piece opens its age file). */
    void write(byte[] plain) {
        long index = segmentsClosed;
        submit(() -> encrypt(index, plain), plain.length);
    }

    /**
     * Ends the open segment with {@code rest}, its last plaintext (the whole segment if nothing was
     * written), which holds frames up to the {@code framesSoFar}-th of the tape; it is stored in the background.
     */
    void close(byte[] rest, long framesSoFar) {
        long index = segmentsClosed++;
        submit(() -> {
            encrypt(index, rest);
            store(index, open.finish(), framesSoFar);
            open = null;
        }, rest.length);
    }

    /** The segments handed over so far ({@link #close}d), stored or not. */
    long segments() {
        return segmentsClosed;
    }

    /** Throws the first failure of a task, if one has failed; does not wait. */
    void check() {
        if (tail.isCompletedExceptionally()) {
            await();
        }
    }

    /** Waits until every segment handed over is stored; throws the first failure of a task. */
    void await() {
        try {
            tail.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof StorageException se) {
                throw new StorageException(se.getMessage(), se); // thrown here, with this caller's stack too
            }
            throw new StorageException("cannot store encrypted segment " + segmentsStored + " of tape " + tape + ": "
                    + cause + "; the segments before it are stored, the tape ends there", cause);
        }
        pending.clear();
        pendingBytes = 0;
    }

    /**
     * Frames kept by the storage: those of the segments whose every part the provider says is durable, given
     * how many of the stored parts it says are ({@code durableParts}).
     */
    OptionalLong durableFrames(OptionalLong durableParts) {
        if (durableParts.isEmpty()) {
            return durableParts;
        }
        synchronized (progressLock) {
            long kept = durableParts.getAsLong();
            int whole = 0;
            while (whole < segmentsStored && partsUpTo[whole] <= kept) {
                whole++;
            }
            return OptionalLong.of(whole == 0 ? 0 : framesUpTo[whole - 1]);
        }
    }

    private void submit(Runnable task, long bytes) {
        check();
        while (pendingBytes + bytes > MAX_PENDING_BYTES && !pending.isEmpty()) {
            Pending oldest = pending.poll();
            pendingBytes -= oldest.bytes();
            try {
                oldest.done().join();
            } catch (CompletionException | CancellationException e) {
                await(); // rethrows it, typed
            }
        }
        tail = tail.thenRunAsync(task, pool);
        pending.add(new Pending(tail, bytes));
        pendingBytes += bytes;
    }

    private void encrypt(long index, byte[] plain) {
        if (open == null) {
            open = cipher.begin(tape, "segment " + index, Segments.TARGET_BYTES);
        }
        open.write(plain, 0, plain.length);
    }

    private void store(long index, byte[] ageFile, long framesSoFar) {
        for (Frame part : Segments.stored(partsStored, index, ageFile)) {
            inner.append(part);
            partsStored++;
        }
        synchronized (progressLock) {
            if (index == framesUpTo.length) {
                framesUpTo = Arrays.copyOf(framesUpTo, framesUpTo.length * 2);
                partsUpTo = Arrays.copyOf(partsUpTo, partsUpTo.length * 2);
            }
            framesUpTo[(int) index] = framesSoFar;
            partsUpTo[(int) index] = partsStored;
            segmentsStored = index + 1;
        }
    }
}
