package io.shadowcat.tape;

import java.util.List;

/**
 * The one rule for frame {@code seq} values: strictly increasing within a tape (gaps are allowed). It is
 * written here once and applied everywhere a tape's frames pass: every provider's {@code save} and
 * {@code TapeWriter.append} refuse a frame that breaks it with a {@link FrameOrderException} (an
 * {@link IllegalArgumentException}), and {@link JsonLinesTapeReader} skips such a frame as a corrupt record
 * with a warning naming the file, the line and the seq, so a {@code .jsonl} reads the same (and imports the
 * same) whichever provider reads it. Not thread-safe: one per tape being written or read.
 */
public final class FrameOrder {

    private final TapeId tape;
    private long last = -1;

    /** @param tape the tape the frames belong to, named in errors; may be null when not yet known */
    public FrameOrder(TapeId tape) {
        this.tape = tape;
    }

    /**
     * Takes the next frame's seq.
     *
     * @throws FrameOrderException when it is not greater than the last seq taken (nothing is taken then)
     */
    public void accept(long seq) {
        requireAfter(tape, last, seq);
        last = seq;
    }

    /**
     * The rule itself, for writers that keep the last seq themselves.
     *
     * @param previous the seq of the frame before, or -1 when there is none
     * @throws FrameOrderException when {@code seq} is not greater than {@code previous}
     */
    public static void requireAfter(TapeId tape, long previous, long seq) {
        if (seq <= previous) {
            throw new FrameOrderException(tape, seq, previous);
        }
    }

    /** The last seq taken, or -1 before the first. */
    public long last() {
        return last;
    }

    /** Checks a whole tape's frames, as {@code save} gets them. @throws FrameOrderException at the first break */
    public static void check(TapeId tape, List<Frame> frames) {
        FrameOrder order = new FrameOrder(tape);
        for (Frame f : frames) {
            order.accept(f.seq());
        }
    }
}
