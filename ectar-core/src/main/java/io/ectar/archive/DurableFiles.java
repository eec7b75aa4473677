package io.ectar.archive;

import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writing files so that they survive a crash: fsync before close, temp file plus atomic rename. */
final class DurableFiles {

    private DurableFiles() {
    }

    /** A new file (it must not exist) whose {@code close()} returns only once its bytes are on disk. */
    static OutputStream createNew(Path file) throws IOException {
        FileOutputStream fileOut = new FileOutputStream(Files.createFile(file).toFile());
        return new FilterOutputStream(new java.io.BufferedOutputStream(fileOut, 1 << 18)) {
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
                try (FileOutputStream f = fileOut) {
                    super.flush();
                    f.getFD().sync();
                } catch (IOException e) {
                    throw failed(file, e);
                }
            }
        };
    }

    private static IOException failed(Path file, IOException e) {
        return e instanceof ArchiveException ? e
                : new ArchiveException("cannot write " + file + ": " + e.getMessage(), e);
    }

    /** A stream to {@code temp} that, when closed, is synced and atomically renamed over {@code target}. */
    static OutputStream replacing(Path target, Path temp) throws IOException {
        Files.deleteIfExists(temp);
        OutputStream durable = createNew(temp);
        return new FilterOutputStream(durable) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                durable.close();
                moveAtomically(temp, target);
            }
        };
    }

    /** Writes {@code data} to {@code target} through a synced temp file and an atomic rename. */
    static void writeAtomically(Path target, Path temp, byte[] data) throws IOException {
        try (OutputStream out = replacing(target, temp)) {
            out.write(data);
        }
    }

    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new ArchiveException("cannot rename " + from + " to " + to + " atomically: " + e.getMessage()
                    + "; write the archive to a local file system", e);
        }
    }

    /** Makes the directory's entries (new names, renames, deletions) durable. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
