package io.ectar.tape.device;

import java.io.Closeable;
import java.io.IOException;

/**
 * One tape drive with a loaded tape, or something that behaves like one: the seam between the RAIT
 * writer and reader and the hardware.
 *
 * <p>A tape is a sequence of <em>records</em> (blocks of 1 byte or more, written and read whole) and
 * <em>filemarks</em>. The records between two filemarks form a <em>tape file</em>. Positions are
 * {@link TapePosition (file, block)} pairs, never byte offsets. Writing anywhere makes the written
 * object the new end of data: whatever followed it is gone, as on a real tape.
 *
 * <p>Implementations: {@link LinuxTapeDevice} (the Linux {@code st} driver) and {@link SimhTapeImage}
 * (a SIMH {@code .tap} file emulating a drive); tests add {@code MockTapeDevice} (in memory, with fault
 * injection, in test sources). A device is used by one thread at a time.
 */
public interface TapeDevice extends Closeable {

    /** What {@link #readRecord} returns when it crossed a filemark (the tape is then at the next file). */
    int FILEMARK = 0;

    /** What {@link #readRecord} returns at the end of recorded data (the position does not change). */
    int END_OF_DATA = -1;

    /** The path or name that identifies this device in messages. */
    String name();

    /**
     * Writes one record of {@code length} bytes (at least 1).
     *
     * @return {@code true} once the tape is past its early-warning point: the record was written, but
     *     the writer should finish what it is doing (current file, trailer) and stop
     * @throws TapeFullException when the physical end of the medium leaves no room for the record
     * @throws TapeException on any other device error
     */
    boolean writeRecord(byte[] data, int offset, int length) throws IOException;

    /** Writes {@code count} filemarks; a filemark ends the current tape file. */
    void writeFilemarks(int count) throws IOException;

    /**
     * Reads the next record into {@code buffer}.
     *
     * @return the record's length (at least 1); {@link #FILEMARK} when a filemark was read instead,
     *     leaving the tape at block 0 of the next file; {@link #END_OF_DATA} at the end of recorded data
     * @throws RecordTooLargeException when the record does not fit in {@code buffer}
     * @throws MediumErrorException when the record cannot be read; the tape is then past that record
     */
    int readRecord(byte[] buffer) throws IOException;

    /** Moves forward past {@code count} filemarks, to block 0 of the file after the last of them. */
    void spaceForwardFiles(int count) throws IOException;

    /**
     * Moves backward over {@code count} filemarks, stopping just before (on the beginning-of-tape
     * side of) the last one crossed: the end of the file that filemark closes. As {@code MTBSF}.
     */
    void spaceBackFiles(int count) throws IOException;

    /** Rewinds to the beginning of the tape, file 0 block 0. */
    void rewind() throws IOException;

    /** Moves to the end of recorded data, ready to append. */
    void goToEndOfData() throws IOException;

    /** The current position. */
    TapePosition position() throws IOException;

    /** The drive and tape state. */
    DriveStatus status() throws IOException;

    /**
     * Positions at block 0 of {@code file}, counting filemarks from the beginning of the tape.
     * Moves relative to the current position when it is known, so streaming forward is cheap.
     */
    default void seekFile(long file) throws IOException {
        if (file < 0) {
            throw new IllegalArgumentException("file number must be >= 0, got " + file);
        }
        TapePosition here = position();
        if (here.file() < file) {
            spaceForwardFiles(Math.toIntExact(file - here.file()));
        } else if (here.file() == file && here.block() == 0) {
            return;
        } else if (file == 0) {
            rewind();
        } else {
            // MTBSF lands before the filemark that ends file-1; one MTFSF crosses it.
            spaceBackFiles(Math.toIntExact(here.file() - file + 1));
            spaceForwardFiles(1);
        }
    }

    /** Flushes what was written and releases the device (for a drive: without rewinding). */
    @Override
    void close() throws IOException;
}
