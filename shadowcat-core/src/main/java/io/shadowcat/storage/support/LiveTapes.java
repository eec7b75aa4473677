package io.shadowcat.storage.support;

import io.shadowcat.tape.TapeId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import io.shadowcat.storage.StorageException;

/**
 * The tapes a backend is recording, and the one rule about them: a tape being recorded is never replaced
 * nor deleted, whether its writer is in this backend or, where the provider has {@link WriterLock}s, in
 * another process. Thread-safe.
 *
 * <p>Support for provider authors: the {@code filesystem}, {@code memory} and {@code sqlite} providers all
 * use it, so that the refusal and its message are the same everywhere.
 *
 * @param <W> the provider's writer type
 */
public final class LiveTapes<W> {

    private final String storage;
    private final Function<TapeId, Path> lockFiles;
    private final ConcurrentHashMap<TapeId, W> writers = new ConcurrentHashMap<>();

    private LiveTapes(String storage, Function<TapeId, Path> lockFiles) {
        this.storage = storage;
        this.lockFiles = lockFiles;
    }

    /** For a provider whose recordings live only in this backend (such as {@code memory}). */
    public static <W> LiveTapes<W> inProcess(String storage) {
        return new LiveTapes<>(storage, null);
    }

    /**
     * For a provider whose writers hold a {@link WriterLock} on {@code lockFiles.apply(id)}, so that another
     * process's recordings are refused too.
     *
     * @param storage the storage as messages name it, e.g. {@code "/var/tapes"}
     */
    public static <W> LiveTapes<W> withLockFiles(String storage, Function<TapeId, Path> lockFiles) {
        return new LiveTapes<>(storage, lockFiles);
    }

    /** Registers a new writer. */
    public void add(TapeId id, W writer) {
        writers.put(id, writer);
    }

    /** Unregisters a writer; false when another (or none) is registered for the id. */
    public boolean remove(TapeId id, W writer) {
        return writers.remove(id, writer);
    }

    /** The writer recording {@code id} in this backend, or null. */
    public W get(TapeId id) {
        return writers.get(id);
    }

    /** True while this backend records {@code id}. */
    public boolean contains(TapeId id) {
        return writers.containsKey(id);
    }

    /** A snapshot of this backend's writers. */
    public Collection<W> writers() {
        return List.copyOf(writers.values());
    }

    /** A live view of the ids this backend records. */
    public Set<TapeId> ids() {
        return writers.keySet();
    }

    /** How many tapes this backend records. */
    public int size() {
        return writers.size();
    }

    /**
     * The error for {@code action} on a tape this backend is recording, for a provider that keeps its writers
     * elsewhere (checked under its own lock, as {@code memory} does).
     */
    public static StorageException refusal(TapeId id, String action) {
        return new StorageException("cannot " + action + " tape " + id
                + " while it is being recorded; finish its writer first");
    }

    /**
     * Refuses {@code action} ("replace", "delete") on a tape being recorded, here or in another process.
     *
     * @throws StorageException naming the tape and what to do
     */
    public void refuse(TapeId id, String action) {
        if (writers.containsKey(id)) {
            throw refusal(id, action);
        }
        if (lockFiles == null) {
            return;
        }
        Path lock = lockFiles.apply(id);
        try {
            if (WriterLock.probe(lock) == WriterLock.Liveness.LIVE) {
                throw new StorageException("cannot " + action + " tape " + id + " in " + storage
                        + " while another process records it; stop that recording first");
            }
        } catch (IOException e) {
            throw new StorageException("cannot " + action + " tape " + id + " in " + storage
                    + ": cannot check whether another process records it (" + lock + ": " + e.getMessage() + ")", e);
        }
    }
}
