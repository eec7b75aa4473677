package io.ectar.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The pure-Java engine. It multiplies eight bytes at a time in 64-bit words ("bit slicing"): for bit b
 * of an input word x, {@code ((x >>> b) & 0x0101..01) * 0xFF} masks the bytes that have bit b set, and
 * c * x is the XOR over b of {@code mask_b & broadcast(c * 2^b)}. The eight masks of one input word
 * serve up to four output rows, so each byte costs a few ALU operations and no table lookups; about
 * twice the speed of a per-coefficient table on the same loop structure. Positions go in blocks that
 * stay in cache while every input is added in; the ragged tail (under eight bytes) uses the table.
 */
final class JavaEngine extends CodecEngine {

    static final JavaEngine INSTANCE = new JavaEngine();

    private JavaEngine() {
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    MatrixCoder coder(byte[][] matrix) {
        return new BitSliceCoder(matrix);
    }
}

/**
 * Bit-sliced multiply-and-add for one matrix. Rows are done four at a time, then two, then one; the
 * three kernels are the same loop unrolled for a different number of rows, because the JIT keeps
 * only a fixed set of accumulators in registers.
 */
final class BitSliceCoder implements MatrixCoder {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;

    /** Positions per pass: the inputs' and outputs' slices of one block stay in the L1/L2 caches. */
    private static final int BLOCK = 4096;

    private final int rows;
    private final int k;
    private final int[][] coefficients;

    /** broadcasts[j][r * 8 + b] = coefficient(r, j) * 2^b, in every byte of the word. */
    private final long[][] broadcasts;

    BitSliceCoder(byte[][] matrix) {
        rows = matrix.length;
        k = rows == 0 ? 0 : matrix[0].length;
        coefficients = new int[rows][k];
        broadcasts = new long[k][rows * 8];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                coefficients[r][j] = matrix[r][j] & 0xFF;
                for (int b = 0; b < 8; b++) {
                    broadcasts[j][r * 8 + b] = Gf256.mul(coefficients[r][j], 1 << b) * LOW_BITS;
                }
            }
        }
    }

    @Override
    public void code(byte[][] inputs, int inputOffset, byte[][] outputs, int outputOffset, int length) {
        int words = length & ~7;
        for (int start = 0; start < words; start += BLOCK) {
            int end = Math.min(words, start + BLOCK);
            int row = 0;
            for (; row + 4 <= rows; row += 4) {
                fourRows(row, inputs, inputOffset, outputs, outputOffset, start, end);
            }
            if (row + 2 <= rows) {
                twoRows(row, inputs, inputOffset, outputs, outputOffset, start, end);
                row += 2;
            }
            if (row < rows) {
                oneRow(row, inputs, inputOffset, outputs, outputOffset, start, end);
            }
        }
        tail(inputs, inputOffset, outputs, outputOffset, words, length);
    }

    /** Rows row..row+3: one pass over each input slice, its eight bit masks shared by 4 outputs. */
    private void fourRows(int row, byte[][] inputs, int inputOffset, byte[][] outputs, int outputOffset, int start,
            int end) {
        byte[] o0 = outputs[row];
        byte[] o1 = outputs[row + 1];
        byte[] o2 = outputs[row + 2];
        byte[] o3 = outputs[row + 3];
        for (int j = 0; j < k; j++) {
            byte[] in = inputs[j];
            long[] c = broadcasts[j];
            int w = row * 8;
            long c00 = c[w], c01 = c[w + 1], c02 = c[w + 2], c03 = c[w + 3],
                    c04 = c[w + 4], c05 = c[w + 5], c06 = c[w + 6], c07 = c[w + 7];
            long c10 = c[w + 8], c11 = c[w + 9], c12 = c[w + 10], c13 = c[w + 11],
                    c14 = c[w + 12], c15 = c[w + 13], c16 = c[w + 14], c17 = c[w + 15];
            long c20 = c[w + 16], c21 = c[w + 17], c22 = c[w + 18], c23 = c[w + 19],
                    c24 = c[w + 20], c25 = c[w + 21], c26 = c[w + 22], c27 = c[w + 23];
            long c30 = c[w + 24], c31 = c[w + 25], c32 = c[w + 26], c33 = c[w + 27],
                    c34 = c[w + 28], c35 = c[w + 29], c36 = c[w + 30], c37 = c[w + 31];
            boolean first = j == 0;
            for (int i = start; i < end; i += 8) {
                long x = (long) LONGS.get(in, inputOffset + i);
                long m0 = (x & LOW_BITS) * 0xFF;
                long m1 = (x >>> 1 & LOW_BITS) * 0xFF;
                long m2 = (x >>> 2 & LOW_BITS) * 0xFF;
                long m3 = (x >>> 3 & LOW_BITS) * 0xFF;
                long m4 = (x >>> 4 & LOW_BITS) * 0xFF;
                long m5 = (x >>> 5 & LOW_BITS) * 0xFF;
                long m6 = (x >>> 6 & LOW_BITS) * 0xFF;
                long m7 = (x >>> 7 & LOW_BITS) * 0xFF;
                long a0 = m0 & c00 ^ m1 & c01 ^ m2 & c02 ^ m3 & c03 ^ m4 & c04 ^ m5 & c05 ^ m6 & c06 ^ m7 & c07;
                long a1 = m0 & c10 ^ m1 & c11 ^ m2 & c12 ^ m3 & c13 ^ m4 & c14 ^ m5 & c15 ^ m6 & c16 ^ m7 & c17;
                long a2 = m0 & c20 ^ m1 & c21 ^ m2 & c22 ^ m3 & c23 ^ m4 & c24 ^ m5 & c25 ^ m6 & c26 ^ m7 & c27;
                long a3 = m0 & c30 ^ m1 & c31 ^ m2 & c32 ^ m3 & c33 ^ m4 & c34 ^ m5 & c35 ^ m6 & c36 ^ m7 & c37;
                int o = outputOffset + i;
                if (!first) {
                    a0 ^= (long) LONGS.get(o0, o);
                    a1 ^= (long) LONGS.get(o1, o);
                    a2 ^= (long) LONGS.get(o2, o);
                    a3 ^= (long) LONGS.get(o3, o);
                }
                LONGS.set(o0, o, a0);
                LONGS.set(o1, o, a1);
                LONGS.set(o2, o, a2);
                LONGS.set(o3, o, a3);
            }
        }
    }

    /** Rows row..row+1: one pass over each input slice, its eight bit masks shared by 2 outputs. */
    private void twoRows(int row, byte[][] inputs, int inputOffset, byte[][] outputs, int outputOffset, int start,
            int end) {
        byte[] o0 = outputs[row];
        byte[] o1 = outputs[row + 1];
        for (int j = 0; j < k; j++) {
            byte[] in = inputs[j];
            long[] c = broadcasts[j];
            int w = row * 8;
            long c00 = c[w], c01 = c[w + 1], c02 = c[w + 2], c03 = c[w + 3],
                    c04 = c[w + 4], c05 = c[w + 5], c06 = c[w + 6], c07 = c[w + 7];
            long c10 = c[w + 8], c11 = c[w + 9], c12 = c[w + 10], c13 = c[w + 11],
                    c14 = c[w + 12], c15 = c[w + 13], c16 = c[w + 14], c17 = c[w + 15];
            boolean first = j == 0;
            for (int i = start; i < end; i += 8) {
                long x = (long) LONGS.get(in, inputOffset + i);
                long m0 = (x & LOW_BITS) * 0xFF;
                long m1 = (x >>> 1 & LOW_BITS) * 0xFF;
                long m2 = (x >>> 2 & LOW_BITS) * 0xFF;
                long m3 = (x >>> 3 & LOW_BITS) * 0xFF;
                long m4 = (x >>> 4 & LOW_BITS) * 0xFF;
                long m5 = (x >>> 5 & LOW_BITS) * 0xFF;
                long m6 = (x >>> 6 & LOW_BITS) * 0xFF;
                long m7 = (x >>> 7 & LOW_BITS) * 0xFF;
                long a0 = m0 & c00 ^ m1 & c01 ^ m2 & c02 ^ m3 & c03 ^ m4 & c04 ^ m5 & c05 ^ m6 & c06 ^ m7 & c07;
                long a1 = m0 & c10 ^ m1 & c11 ^ m2 & c12 ^ m3 & c13 ^ m4 & c14 ^ m5 & c15 ^ m6 & c16 ^ m7 & c17;
                int o = outputOffset + i;
                if (!first) {
                    a0 ^= (long) LONGS.get(o0, o);
                    a1 ^= (long) LONGS.get(o1, o);
                }
                LONGS.set(o0, o, a0);
                LONGS.set(o1, o, a1);
            }
        }
    }

    /** Rows row..row+0: one pass over each input slice, its eight bit masks shared by 1 output. */
    private void oneRow(int row, byte[][] inputs, int inputOffset, byte[][] outputs, int outputOffset, int start,
            int end) {
        byte[] o0 = outputs[row];
        for (int j = 0; j < k; j++) {
            byte[] in = inputs[j];
            long[] c = broadcasts[j];
            int w = row * 8;
            long c00 = c[w], c01 = c[w + 1], c02 = c[w + 2], c03 = c[w + 3],
                    c04 = c[w + 4], c05 = c[w + 5], c06 = c[w + 6], c07 = c[w + 7];
            boolean first = j == 0;
            for (int i = start; i < end; i += 8) {
                long x = (long) LONGS.get(in, inputOffset + i);
                long m0 = (x & LOW_BITS) * 0xFF;
                long m1 = (x >>> 1 & LOW_BITS) * 0xFF;
                long m2 = (x >>> 2 & LOW_BITS) * 0xFF;
                long m3 = (x >>> 3 & LOW_BITS) * 0xFF;
                long m4 = (x >>> 4 & LOW_BITS) * 0xFF;
                long m5 = (x >>> 5 & LOW_BITS) * 0xFF;
                long m6 = (x >>> 6 & LOW_BITS) * 0xFF;
                long m7 = (x >>> 7 & LOW_BITS) * 0xFF;
                long a0 = m0 & c00 ^ m1 & c01 ^ m2 & c02 ^ m3 & c03 ^ m4 & c04 ^ m5 & c05 ^ m6 & c06 ^ m7 & c07;
                int o = outputOffset + i;
                if (!first) {
                    a0 ^= (long) LONGS.get(o0, o);
                }
                LONGS.set(o0, o, a0);
            }
        }
    }

    /** Positions [from, to), fewer than eight, through the product table. */
    private void tail(byte[][] inputs, int inputOffset, byte[][] outputs, int outputOffset, int from, int to) {
        byte[] table = Gf256.table();
        for (int r = 0; r < rows; r++) {
            for (int i = from; i < to; i++) {
                int sum = 0;
                for (int j = 0; j < k; j++) {
                    sum ^= table[coefficients[r][j] << 8 | inputs[j][inputOffset + i] & 0xFF];
                }
                outputs[r][outputOffset + i] = (byte) sum;
            }
        }
    }
}
