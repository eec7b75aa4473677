package io.ectar.archive.internal.create;

import io.ectar.archive.ArchiveBusyException;
import io.ectar.archive.ArchiveException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The exclusive right to write archive {@code BASE} in a directory, held for a whole create through an OS
 * file lock on {@code .BASE.ectar-lock} beside the shards. The file names the holder's process while held
 * and is removed when released.
 *
 * <p>Removing a lock file is safe only with care: another process may have opened the old file just before
 * it was removed and lock it once it is released. So the holder removes it, then writes {@link #RELEASED}
 * into it, and a locker that finds that word in the file it locked knows the file is gone and tries again
 * on a new one. A lock file left by a killed process is not locked and is simply taken over. Within one JVM, locks are counted in {@link #HELD} rather than taken twice: a file lock belongs to
 * the whole process, and closing a second channel on the file would release the first one's lock.
 */
public final class ArchiveLock implements Closeable {

    private static final String RELEASED = "released\n";
    private static final int ATTEMPTS = 100;
    private static final Set<Path> HELD = new HashSet<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private ArchiveLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** {@code .BASE.ectar-lock} in {@code dir}. */
    static Path file(Path dir, String base) {
        return dir.resolve("." + base + ".ectar-lock");
    }

    /**
     * Takes the lock on archive {@code base} in {@code dir}, without waiting.
     *
     * @throws ArchiveBusyException when another run holds it
     */
    public static ArchiveLock acquire(Path dir, String base) throws IOException {
        Path file = file(dir.toRealPath(), base);
        synchronized (HELD) {
            if (HELD.contains(file)) {
                throw busy(dir, base, "in this process");
            }
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                try {
                    FileLock lock = tryLock(ch);
                    if (lock == null) {
                        throw busy(dir, base, holder(ch));
                    }
                    if (RELEASED.equals(contents(ch))) {
                        continue; // we locked a file its holder has just removed: the finally closes it
                    }
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                            .getBytes(StandardCharsets.US_ASCII)), 0);
                    HELD.add(file);
                    ArchiveLock held = new ArchiveLock(file, ch, lock);
                    ch = null;
                    return held;
                } finally {
                    if (ch != null) {
                        ch.close();
                    }
                }
            }
            throw new ArchiveException("cannot lock " + file + ": it keeps being replaced by other processes");
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static ArchiveBusyException busy(Path dir, String base, String holder) {
        return new ArchiveBusyException("archive '" + base + "' in " + dir + " is being written by another ectar"
                + " create (" + holder + "); wait for it to finish or choose another -o");
    }

    /** Who holds the lock, from what the holder wrote into the file. */
    private static String holder(FileChannel ch) throws IOException {
        String text = contents(ch).strip();
        return text.startsWith("pid ") ? "process " + text.substring(4) : "another process";
    }

    private static String contents(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64);
        int n = 0;
        while (buf.hasRemaining() && n >= 0) {
            n = ch.read(buf, buf.position());
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
    }

    /** Removes the file, marks it released and lets go of the lock. */
    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                // Removed first, marked after: only a removed file ever says RELEASED (a crash in between
                // leaves no file, or one naming a dead process, which the next run takes over).
                Files.deleteIfExists(file);
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(RELEASED.getBytes(StandardCharsets.US_ASCII)), 0);
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
}
