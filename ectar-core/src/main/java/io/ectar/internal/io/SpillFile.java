package io.ectar.internal.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** A temporary file unlinked at once: it lives as long as its channel, and no crash leaves it behind. */
public final class SpillFile implements Closeable {
    private final FileChannel channel;
    private long length;

    private SpillFile(FileChannel channel) {
        this.channel = channel;
    }

    public static SpillFile create(String prefix, String what) throws IOException {
        return new SpillFile(openUnlinked(prefix, ".tmp", what));
    }

    /**
     * A read-write channel on a new file in {@code java.io.tmpdir}, unlinked at once: the open channel keeps
     * the data, and nothing survives the process. {@code what} names the use in the error.
     */
    public static FileChannel openUnlinked(String prefix, String suffix, String what) throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        Path file;
        FileChannel channel;
        try {
            file = java.nio.file.Files.createTempFile(dir, prefix, suffix);
            channel = FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                    java.nio.file.StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot create a temporary file in " + dir + " for the " + what + " ("
                    + e.getMessage() + "); give ectar a writable temporary directory with"
                    + " JAVA_OPTS=-Djava.io.tmpdir=DIR", e);
        }
        java.nio.file.Files.deleteIfExists(file);
        return channel;
    }

    public long length() {
        return length;
    }

    public void append(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            length += channel.write(b, length);
        }
    }

    public void readFully(long position, ByteBuffer into) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new IOException("temporary file ends early");
            }
            at += n;
        }
    }

    public long readLong(long position, ByteBuffer eight) throws IOException {
        eight.clear();
        readFully(position, eight);
        return eight.getLong(0);
    }

    /** Appends what is written (unbuffered: wrap it). */
    public OutputStream appending() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                append(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    /** Reads the file from its start, to the length written so far (unbuffered: wrap it). */
    public InputStream reading() {
        return new BulkInputStream() {
            private long position;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = (int) Math.min(len, length - position);
                if (n <= 0) {
                    return len == 0 ? 0 : -1;
                }
                readFully(position, ByteBuffer.wrap(b, off, n));
                position += n;
                return n;
            }
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
