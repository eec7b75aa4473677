package io.ectar.codec;

/**
 * One engine's prepared form of a coefficient matrix (rows x k): multiplies k input shares by the
 * matrix into {@code rows} output shares. Thread-safe; prepared once and reused.
 */
interface MatrixCoder {

    /**
     * Overwrites {@code outputs[r][outputOffset .. +length)} with the sum over j of
     * {@code matrix[r][j] * inputs[j][inputOffset .. +length)}.
     */
    void code(byte[][] inputs, int inputOffset, byte[][] outputs, int outputOffset, int length);
}
