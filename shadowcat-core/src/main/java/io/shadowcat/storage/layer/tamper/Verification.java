package io.shadowcat.storage.layer.tamper;

import io.shadowcat.tape.TapeId;

/**
 * What {@link TapeVerifier} found for one tape.
 *
 * @param frames the frames checked
 * @param badSeq the seq of the first bad frame, or -1 when the fault is not one frame's (or there is none)
 * @param detail one line for a person: what is intact, or what is wrong and where
 */
public record Verification(TapeId tape, Outcome outcome, long frames, long badSeq, String detail) {

    /** The verdict. */
    public enum Outcome {
        /** Chain and signed checkpoint agree with every frame and correlation. */
        INTACT,
        /** The chain is intact but the tape is still recording, so nothing is signed yet. */
        UNSIGNED,
        /** A frame was altered, removed, reordered or appended, a correlation changed, or the signature fails. */
        BROKEN
    }

    /** True unless {@link Outcome#BROKEN}. */
    public boolean ok() {
        return outcome != Outcome.BROKEN;
    }
}
