package io.ectar.internal.io;

import io.ectar.archive.ArchiveException;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writing files so that they survive a crash: fsync before close, temp file plus atomic rename. */
public final class DurableFiles {

    private DurableFiles() {
    }

    /**
     * A new file (it must not exist). Closing it writes what is buffered, then fsyncs and closes the file,
     * either at once (close returns only once its bytes are on disk) or, when {@code syncs} is given, in
     * the background ({@link PendingSyncs#await()} then waits for it).
     */
    public static OutputStream createNew(Path file, PendingSyncs syncs) throws IOException {
        return createNew(file, syncs, () -> { });
    }

    private static OutputStream createNew(Path file, PendingSyncs syncs, PendingSyncs.Work afterSync)
            throws IOException {
        FileOutputStream fileOut;
        try {
            fileOut = new FileOutputStream(Files.createFile(file).toFile());
        } catch (FileAlreadyExistsException e) {
            throw new ArchiveException("cannot create " + file + ": a file of that name already exists (written by"
                    + " something other than this run); move it away or choose another -o", e);
        }
        return new FilterOutputStream(new java.io.BufferedOutputStream(new SlicedWrites(fileOut), 1 << 18)) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw failed(file, e);
                }
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    super.flush();
                } catch (IOException e) {
                    fileOut.close();
                    throw failed(file, e);
                }
                PendingSyncs.Work sync = () -> {
                    try (FileOutputStream f = fileOut) {
                        f.getFD().sync();
                    } catch (IOException e) {
                        throw failed(file, e);
                    }
                    afterSync.run();
                };
                if (syncs == null) {
                    sync.run();
                } else {
                    syncs.submit(sync);
                }
            }
        };
    }

    private static IOException failed(Path file, IOException e) {
        return e instanceof ArchiveException ? e
                : new ArchiveException("cannot write " + file + ": " + e.getMessage(), e);
    }

    /**
     * A stream to {@code temp} that, when closed, is synced and atomically renamed over {@code target}:
     * at once, or in the background when {@code syncs} is given.
     */
    public static OutputStream replacing(Path target, Path temp, PendingSyncs syncs) throws IOException {
        Files.deleteIfExists(temp);
        return createNew(temp, syncs, () -> moveAtomically(temp, target));
    }

    /** Writes {@code data} to {@code target} through a synced temp file and an atomic rename. */
    public static void writeAtomically(Path target, Path temp, byte[] data) throws IOException {
        writeAtomically(target, temp, data, null);
    }

    /** {@link #writeAtomically(Path, Path, byte[])}, with the fsync and rename in the background when {@code syncs} is given. */
    public static void writeAtomically(Path target, Path temp, byte[] data, PendingSyncs syncs) throws IOException {
        try (OutputStream out = replacing(target, temp, syncs)) {
            out.write(data);
        }
    }

    public static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new ArchiveException("cannot rename " + from + " to " + to + " atomically: " + e.getMessage()
                    + "; write the archive to a local file system", e);
        }
    }

    /** Makes the directory's entries (new names, renames, deletions) durable. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
