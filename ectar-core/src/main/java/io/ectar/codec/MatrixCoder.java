package io.ectar.codec;

/**
 * One engine's prepared form of a coefficient matrix (rows x k): multiplies k input shares by the
 * matrix into {@code rows} output shares. Thread-safe; prepared once and reused. The checks every engine
 * needs before it touches memory are made here, once, for all of them.
 */
abstract class MatrixCoder {

    /** The matrix's rows: the output shares. */
    final int rows;
    /** The matrix's columns: the input shares. */
    final int k;

    MatrixCoder(byte[][] matrix) {
        rows = matrix.length;
        k = rows == 0 ? 0 : matrix[0].length;
    }

    /**
     * Overwrites {@code outputs[r][outputOffset .. +length)} with the sum over j of
     * {@code matrix[r][j] * inputs[j][inputOffset .. +length)}, indexes being absolute indexes of the
     * buffers. Works in place on the memory the engine prefers (heap for Java, direct for ISA-L) and
     * stages the other kind through scratch memory.
     */
    final void code(Spans inputs, int inputOffset, Spans outputs, int outputOffset, int length) {
        if (rows == 0 || length == 0) {
            return;
        }
        // An engine may be handed raw addresses (ISA-L): nothing past a buffer's limit may be reached.
        inputs.checkRange(inputOffset, length);
        outputs.checkRange(outputOffset, length);
        codeChecked(inputs, inputOffset, outputs, outputOffset, length);
    }

    /** {@link #code(Spans, int, Spans, int, int)} on whole arrays. */
    final void code(byte[][] inputs, int inputOffset, byte[][] outputs, int outputOffset, int length) {
        code(Spans.wrap(inputs), inputOffset, Spans.wrap(outputs), outputOffset, length);
    }

    /**
     * The engine's part of {@link #code(Spans, int, Spans, int, int)}: at least one row, at least one
     * position, and both ranges inside their buffers.
     */
    abstract void codeChecked(Spans inputs, int inputOffset, Spans outputs, int outputOffset, int length);

    /**
     * Whether spans in direct memory ({@code true}) or on the heap ({@code false}) are coded in place;
     * the other kind is staged through scratch, which costs two copies and favours long calls.
     */
    abstract boolean codesInPlace(boolean direct);
}
