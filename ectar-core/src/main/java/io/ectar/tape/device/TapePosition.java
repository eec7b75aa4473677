package io.ectar.tape.device;

/**
 * A position on a tape: the tape file (counted from 0 at the beginning of the tape, one more after each
 * filemark) and the record inside it (counted from 0).
 */
public record TapePosition(long file, long block) {

    /** The beginning of the tape. */
    public static final TapePosition BOT = new TapePosition(0, 0);

    public TapePosition {
        if (file < 0 || block < 0) {
            throw new IllegalArgumentException("tape position must be >= 0, got file " + file + " block " + block);
        }
    }

    @Override
    public String toString() {
        return "file " + file + " block " + block;
    }
}
