package io.ectar.codec;

/**
 * One engine's prepared form of a coefficient matrix (rows x k): multiplies k input shares by the
 * matrix into {@code rows} output shares. Thread-safe; prepared once and reused.
 */
interface MatrixCoder {

    /**
     * Overwrites {@code outputs[r][outputOffset .. +length)} with the sum over j of
     * {@code matrix[r][j] * inputs[j][inputOffset .. +length)}, indexes being absolute indexes of the
     * buffers. Works in place on the memory the engine prefers (heap for Java, direct for ISA-L) and
     * stages the other kind through scratch memory.
     */
    void code(Spans inputs, int inputOffset, Spans outputs, int outputOffset, int length);

    /**
     * Whether spans in direct memory ({@code true}) or on the heap ({@code false}) are coded in place;
     * the other kind is staged through scratch, which costs two copies and favours long calls.
     */
    boolean codesInPlace(boolean direct);

    /** {@link #code(Spans, int, Spans, int, int)} on whole arrays. */
    default void code(byte[][] inputs, int inputOffset, byte[][] outputs, int outputOffset, int length) {
        code(Spans.wrap(inputs), inputOffset, Spans.wrap(outputs), outputOffset, length);
    }
}
