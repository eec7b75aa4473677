package io.shadowcat.storage.support;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * A tape writer's claim on its tape, visible to every process: an exclusive OS lock on a small lock file,
 * held for as long as the writer is open. The operating system drops the lock when the process dies, even
 * by {@code SIGKILL}, so a reader that finds a tape still marked {@code recording} can tell a live recording
 * from a crashed one by {@link #probe probing} the lock, without clocks or heartbeats.
 *
 * <p>Support for provider authors: the {@code filesystem} and {@code sqlite} providers both use it. The
 * protocol a provider follows: take the lock before the tape is first marked recording, write the final
 * status before {@link #close() releasing} it; a reader that probes {@link Liveness#GONE} must then read the
 * status again, since the writer may have finished between the reader's first look and the probe.
 *
 * <p>POSIX locks belong to the whole process, and closing any descriptor of the file drops them all. So
 * within one JVM the held locks are also kept in a set, and a probe of a file this JVM holds answers
 * {@link Liveness#LIVE} without opening it (which would release the writer's lock).
 */
public final class WriterLock implements Closeable {

    /** What a probe found. */
    public enum Liveness {
        /** A writer, in this or another process, holds the lock. */
        LIVE,
        /** The lock file exists and nobody holds it: its writer is gone. */
        GONE,
        /** There is no lock file: the writer finished, never took one, or its files were removed. */
        ABSENT
    }

    // Guards HELD and serializes acquire, probe and close in this JVM (see the class comment).
    private static final Set<Path> HELD = new HashSet<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed; // guarded by HELD

    private WriterLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, creating the file with the given mode.
     *
     * @throws IOException when it cannot be created, or when another writer holds it (then a
     *                     {@link java.nio.file.FileAlreadyExistsException} naming the file)
     */
    public static WriterLock acquire(Path file, FileMode mode) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        synchronized (HELD) {
            if (HELD.contains(key)) {
                throw new java.nio.file.FileAlreadyExistsException(key.toString(), null,
                        "held by another writer in this process");
            }
            FileChannel ch = FileChannel.open(key, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), mode.fileAttributes());
            try {
                FileLock lock = ch.tryLock();
                if (lock == null) {
                    throw new java.nio.file.FileAlreadyExistsException(key.toString(), null,
                            "held by a writer in another process");
                }
                HELD.add(key);
                return new WriterLock(key, ch, lock);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }
    }

    /** Whether a writer holds the lock file now. Never creates or changes the file. */
    public static Liveness probe(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        synchronized (HELD) {
            if (HELD.contains(key)) {
                return Liveness.LIVE;
            }
            FileChannel ch;
            try {
                ch = FileChannel.open(key, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return Liveness.ABSENT;
            }
            try (ch) {
                FileLock shared = ch.tryLock(0, Long.MAX_VALUE, true);
                if (shared == null) {
                    return Liveness.LIVE;
                }
                shared.release();
                return Liveness.GONE;
            } catch (OverlappingFileLockException e) {
                return Liveness.LIVE; // held through another channel of this JVM
            }
        }
    }

    /** Removes a lock file nobody holds (after a probe said {@link Liveness#GONE}); false when it was taken again. */
    public static boolean removeStale(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        synchronized (HELD) {
            if (probe(key) == Liveness.LIVE) { // a lock this JVM holds probes as LIVE
                return false;
            }
            return Files.deleteIfExists(key);
        }
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Removes the lock file and releases the lock: the writer's final status must already be written. */
    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                Files.deleteIfExists(file); // while still held, so no prober mistakes the gap for a crash
            } finally {
                HELD.remove(file);
                try {
                    lock.release();
                } finally {
                    channel.close();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "writer lock " + file;
    }
}
