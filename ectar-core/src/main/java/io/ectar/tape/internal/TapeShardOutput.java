package io.ectar.tape.internal;

import io.ectar.tape.BlockMode;
import io.ectar.tape.TapeSetLayout;
import io.ectar.tape.device.TapeDevice;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Writes one shard file as one tape file: the bytes are cut into records of the block size, and
 * {@link #finish()} writes the last record and the filemark that ends the file.
 *
 * <p>In {@link BlockMode#VARIABLE} mode the last record is as short as the remaining data; in
 * {@link BlockMode#FIXED} mode it is zero-padded to the block size, and the true length (returned by
 * {@link #finish()}) must be kept elsewhere, e.g. in the tape set directory. A CRC-32C of the true bytes
 * is kept so that readers can tell a damaged shard without an index.
 */
public final class TapeShardOutput extends OutputStream {

    private final RecordSink sink;
    private final int blockSize;
    private final BlockMode mode;
    private final CRC32C crc = new CRC32C();
    private byte[] block;
    private int filled;
    private long length;
    private long records;
    private boolean finished;

    /** Writes straight to {@code device}, which must be positioned where the file is to start. */
    public TapeShardOutput(TapeDevice device, int blockSize, BlockMode mode) {
        this(new DeviceRecordSink(device), blockSize, mode);
    }

    TapeShardOutput(RecordSink sink, int blockSize, BlockMode mode) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.mode = Objects.requireNonNull(mode, "mode");
        TapeSetLayout.requireBlockSize(blockSize);
        this.blockSize = blockSize;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int len) throws IOException {
        Objects.checkFromIndexSize(offset, len, data.length);
        if (finished) {
            throw new IOException("tape shard output already finished");
        }
        crc.update(data, offset, len);
        length += len;
        while (len > 0) {
            if (block == null) {
                block = sink.newRecordBuffer(blockSize);
                filled = 0;
            }
            int n = Math.min(len, blockSize - filled);
            System.arraycopy(data, offset, block, filled, n);
            filled += n;
            offset += n;
            len -= n;
            if (filled == blockSize) {
                emit(blockSize);
            }
        }
    }

    /**
     * Writes the last record (short in variable mode, padded in fixed mode) and the filemark that ends
     * the tape file.
     *
     * @return the number of shard bytes written, not counting padding
     */
    public long finish() throws IOException {
        if (finished) {
            return length;
        }
        finished = true;
        if (filled > 0) {
            if (mode == BlockMode.FIXED) {
                java.util.Arrays.fill(block, filled, blockSize, (byte) 0);
                emit(blockSize);
            } else {
                emit(filled);
            }
        }
        sink.endFile(length, records, (int) crc.getValue());
        return length;
    }

    /** Records written so far. */
    public long records() {
        return records;
    }

    /** CRC-32C of the bytes written so far. */
    public int crc32c() {
        return (int) crc.getValue();
    }

    /** Whether the tape is past its early-warning point: finish this file and stop. */
    public boolean earlyWarning() {
        return sink.earlyWarning();
    }

    /** Same as {@link #finish()}. */
    @Override
    public void close() throws IOException {
        finish();
    }

    private void emit(int recordLength) throws IOException {
        byte[] full = block;
        block = null;
        filled = 0;
        records++;
        sink.record(full, recordLength);
    }

    /** Synchronous: records go to the device as they fill; one buffer is reused. */
    static final class DeviceRecordSink implements RecordSink {
        private final TapeDevice device;
        private byte[] buffer;
        private boolean earlyWarning;

        DeviceRecordSink(TapeDevice device) {
            this.device = Objects.requireNonNull(device, "device");
        }

        @Override
        public byte[] newRecordBuffer(int size) {
            if (buffer == null || buffer.length < size) {
                buffer = new byte[size];
            }
            return buffer;
        }

        @Override
        public void record(byte[] data, int length) throws IOException {
            earlyWarning |= device.writeRecord(data, 0, length);
        }

        @Override
        public void endFile(long length, long records, int crc32c) throws IOException {
            device.writeFilemarks(1);
        }

        @Override
        public boolean earlyWarning() {
            return earlyWarning;
        }
    }
}
