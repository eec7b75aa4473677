package io.shadowcat.storage.support;

import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;

/**
 * Whether a backend is open, and the errors every provider gives after {@code close}: each call on a closed
 * backend, and each write to a finished writer, throws {@link IllegalStateException} (the conformance kit
 * checks every method). Thread-safe.
 *
 * <p>Support for provider authors: the {@code filesystem}, {@code memory} and {@code sqlite} providers all
 * use it.
 */
public final class StorageState {

    private final String storage;
    private volatile boolean closed;

    /** @param storage the storage as messages name it, e.g. {@code "filesystem storage /var/tapes"} */
    public StorageState(String storage) {
        this.storage = storage;
    }

    /** Marks the backend closed; true the first time, so that closing is idempotent. */
    public synchronized boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    /** True once closed. */
    public boolean isClosed() {
        return closed;
    }

    /** @throws IllegalStateException when the backend is closed */
    public void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(storage + " is closed");
        }
    }

    /**
     * A writer's {@code updateHeader} rule: the header must be its own tape's (the id never changes).
     *
     * @throws IllegalArgumentException naming both ids
     */
    public static void requireSameTape(TapeId writing, TapeHeader header) {
        if (!header.id().equals(writing)) {
            throw new IllegalArgumentException("updateHeader: tape id " + header.id() + " does not match " + writing);
        }
    }

    /** The error of a write to a writer that is finished (or whose backend closed and finished it). */
    public static IllegalStateException finishedWriter(TapeId id) {
        return new IllegalStateException("tape " + id + " is finished; open a new writer to record more");
    }
}
