package io.ectar.tape.internal;

import java.io.IOException;

/** Where a {@link TapeShardOutput} puts its records: a drive directly, or a drive's writer queue. */
public interface RecordSink {

    /** A buffer of at least {@code size} bytes to fill with the next record; may block for one. */
    byte[] newRecordBuffer(int size) throws IOException;

    /** Writes (or queues) one record; the buffer belongs to the sink afterwards. */
    void record(byte[] buffer, int length) throws IOException;

    /** Ends the tape file: {@code length} true bytes in {@code records} records, checksum {@code crc32c}. */
    void endFile(long length, long records, int crc32c) throws IOException;

    /** Whether the tape is past its early-warning point, as far as known. */
    boolean earlyWarning();
}
