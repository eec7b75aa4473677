package io.shadowcat.tape;

/**
 * A frame's {@code seq} is not greater than the previous frame's (see {@link FrameOrder}): a duplicate or an
 * out-of-order frame. Names the tape (when known), the seq and the previous seq.
 */
public final class FrameOrderException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    private final transient TapeId tape;
    private final long seq;
    private final long previous;

    public FrameOrderException(TapeId tape, long seq, long previous) {
        super((tape == null ? "" : "tape " + tape + ": ") + "frame seq " + seq
                + (seq == previous ? " repeats the previous frame's seq" : " is lower than the previous frame's seq ")
                + (seq == previous ? "" : Long.toString(previous)) + " (seq must increase from frame to frame)");
        this.tape = tape;
        this.seq = seq;
        this.previous = previous;
    }

    /** The tape, or null when it was not known. */
    public TapeId tape() {
        return tape;
    }

    /** The refused frame's seq. */
    public long seq() {
        return seq;
    }

    /** The seq of the frame before it. */
    public long previous() {
        return previous;
    }
}
