package io.ectar.archive;

import io.ectar.internal.io.Sha256;
import io.ectar.internal.io.SpillFile;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * The zstd-compressed JSON index of an archive being created, in a temporary file while it is written and
 * coded into shards: the index of ten million files is hundreds of megabytes, too much to hold in the heap
 * (it was held, and copied twice, in a growing array). The file is unlinked at once (see {@link SpillFile}).
 */
public final class CompressedIndex implements Closeable {

    private final SpillFile file;
    private final MessageDigest sha = Sha256.newDigest();
    private boolean written;

    private CompressedIndex(SpillFile file) {
        this.file = file;
    }

    static CompressedIndex create() throws IOException {
        return new CompressedIndex(SpillFile.create("ectar-create-", "index being written"));
    }

    /** Where the compressed index is written, once; closing it ends the index. */
    OutputStream output() {
        return new FilterOutputStream(new BufferedOutputStream(file.appending(), 1 << 16)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                sha.update(b, off, len);
                out.write(b, off, len);
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void close() throws IOException {
                super.close();
                written = true;
            }
        };
    }

    /** Bytes of the compressed index. */
    public long length() {
        return file.length();
    }

    /** Reads the compressed index from its start. */
    public InputStream open() {
        return new BufferedInputStream(file.reading(), 1 << 16);
    }

    /**
     * The whole compressed index in memory, for media that take it as one record (tapes).
     *
     * @throws IOException when it is too large for one array
     */
    public byte[] bytes() throws IOException {
        if (length() > Integer.MAX_VALUE - 16) {
            throw new IOException("the index is " + length() + " bytes, too large to be written as one record");
        }
        try (InputStream in = open()) {
            return in.readAllBytes();
        }
    }

    /** The lower-case hex SHA-256 of the compressed index, once it is written. */
    String sha256() {
        if (!written) {
            throw new IllegalStateException("the index is not written yet");
        }
        return Sha256.hex((MessageDigest) cloneOf(sha));
    }

    private static Object cloneOf(MessageDigest d) {
        try {
            return d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
