package io.ectar.internal.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that reads in bulk only: subclasses implement {@link #read(byte[], int, int)} and the
 * one-byte {@link #read()} goes through it, so every rule of the stream (bounds, checks, failures) lives
 * in one method.
 */
public abstract class BulkInputStream extends InputStream {

    @Override
    public int read() throws IOException {
        return readOne(this);
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;

    /** One byte of {@code in} through its bulk read, for streams that cannot extend this class. */
    public static int readOne(InputStream in) throws IOException {
        byte[] one = new byte[1];
        return in.read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }
}
