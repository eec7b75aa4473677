package io.ectar.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The pure-Java engine. It multiplies eight bytes at a time in 64-bit words ("bit slicing"): for bit b
 * of an input word x, {@code ((x >>> b) & 0x0101..01) * 0xFF} masks the bytes that have bit b set, and
 * c * x is the XOR over b of {@code mask_b & broadcast(c * 2^b)}. The eight masks of one input word
 * serve up to four output rows, so each byte costs a few ALU operations and no table lookups; about
 * twice the speed of a per-coefficient table on the same loop structure. Positions go in blocks that
 * stay in cache while every input is added in; the ragged tail (under eight bytes) uses the table.
 * It works on heap arrays in place; shares in direct memory are staged through per-thread heap scratch.
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
final class BitSliceCoder extends MatrixCoder {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;

    /** Positions per pass: the inputs' and outputs' slices of one block stay in the L1/L2 caches. */
    private static final int BLOCK = 4096;

    /** Positions per staging pass when a side is in direct memory: copied to and from heap scratch. */
    private static final int STAGE = BLOCK;

    private static final ThreadLocal<byte[][]> STAGING = ThreadLocal.withInitial(() -> new byte[0][]);

    private final int[][] coefficients;

    /** broadcasts[j][r * 8 + b] = coefficient(r, j) * 2^b, in every byte of the word. */
    private final long[][] broadcasts;

    BitSliceCoder(byte[][] matrix) {
        super(matrix);
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
    boolean codesInPlace(boolean direct) {
        return !direct;
    }

    @Override
    void codeChecked(Spans inputs, int inputOffset, Spans outputs, int outputOffset, int length) {
        if (!inputs.direct() && !outputs.direct()) {
            product(arrays(inputs), offsets(inputs, inputOffset), arrays(outputs), offsets(outputs, outputOffset),
                    length);
            return;
        }
        byte[][] staging = staging(k + rows);
        byte[][] in = inputs.direct() ? Arrays.copyOfRange(staging, 0, k) : arrays(inputs);
        byte[][] out = outputs.direct() ? Arrays.copyOfRange(staging, k, k + rows) : arrays(outputs);
        for (int start = 0; start < length; start += STAGE) {
            int n = Math.min(STAGE, length - start);
            int[] inOffsets;
            if (inputs.direct()) {
                for (int j = 0; j < k; j++) {
                    inputs.buffer(j).get(inputOffset + start, in[j], 0, n);
                }
                inOffsets = new int[k];
            } else {
                inOffsets = offsets(inputs, inputOffset + start);
            }
            int[] outOffsets = outputs.direct() ? new int[rows] : offsets(outputs, outputOffset + start);
            product(in, inOffsets, out, outOffsets, n);
            if (outputs.direct()) {
                for (int r = 0; r < rows; r++) {
                    outputs.buffer(r).put(outputOffset + start, out[r], 0, n);
                }
            }
        }
    }

    /** At least {@code count} heap arrays of {@link #STAGE} bytes, this thread's own. */
    private static byte[][] staging(int count) {
        byte[][] arrays = STAGING.get();
        if (arrays.length < count) {
            arrays = new byte[count][STAGE];
            STAGING.set(arrays);
        }
        return arrays;
    }

    private static byte[][] arrays(Spans spans) {
        byte[][] arrays = new byte[spans.size()][];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = spans.array(i);
        }
        return arrays;
    }

    private static int[] offsets(Spans spans, int index) {
        int[] offsets = new int[spans.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = spans.arrayOffset(i) + index;
        }
        return offsets;
    }

    /** The product on heap arrays, input j read from {@code inputOffsets[j]}, output r written at {@code outputOffsets[r]}. */
    private void product(byte[][] inputs, int[] inputOffsets, byte[][] outputs, int[] outputOffsets, int length) {
        int words = length & ~7;
        for (int start = 0; start < words; start += BLOCK) {
            int end = Math.min(words, start + BLOCK);
            int row = 0;
            for (; row + 4 <= rows; row += 4) {
                fourRows(row, inputs, inputOffsets, outputs, outputOffsets, start, end);
            }
            if (row + 2 <= rows) {
                twoRows(row, inputs, inputOffsets, outputs, outputOffsets, start, end);
                row += 2;
            }
            if (row < rows) {
                oneRow(row, inputs, inputOffsets, outputs, outputOffsets, start, end);
            }
        }
        tail(inputs, inputOffsets, outputs, outputOffsets, words, length);
    }

    /** Rows row..row+3: one pass over each input slice, its eight bit masks shared by 4 outputs. */
    private void fourRows(int row, byte[][] inputs, int[] inputOffsets, byte[][] outputs, int[] outputOffsets,
            int start, int end) {
        byte[] o0 = outputs[row];
        byte[] o1 = outputs[row + 1];
        byte[] o2 = outputs[row + 2];
        byte[] o3 = outputs[row + 3];
        int p0 = outputOffsets[row], p1 = outputOffsets[row + 1], p2 = outputOffsets[row + 2],
                p3 = outputOffsets[row + 3];
        for (int j = 0; j < k; j++) {
            byte[] in = inputs[j];
            int inBase = inputOffsets[j];
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
                long x = (long) LONGS.get(in, inBase + i);
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
                if (!first) {
                    a0 ^= (long) LONGS.get(o0, p0 + i);
                    a1 ^= (long) LONGS.get(o1, p1 + i);
                    a2 ^= (long) LONGS.get(o2, p2 + i);
                    a3 ^= (long) LONGS.get(o3, p3 + i);
                }
                LONGS.set(o0, p0 + i, a0);
                LONGS.set(o1, p1 + i, a1);
                LONGS.set(o2, p2 + i, a2);
                LONGS.set(o3, p3 + i, a3);
            }
        }
    }

    /** Rows row..row+1: one pass over each input slice, its eight bit masks shared by 2 outputs. */
    private void twoRows(int row, byte[][] inputs, int[] inputOffsets, byte[][] outputs, int[] outputOffsets,
            int start, int end) {
        byte[] o0 = outputs[row];
        byte[] o1 = outputs[row + 1];
        int p0 = outputOffsets[row], p1 = outputOffsets[row + 1];
        for (int j = 0; j < k; j++) {
            byte[] in = inputs[j];
            int inBase = inputOffsets[j];
            long[] c = broadcasts[j];
            int w = row * 8;
            long c00 = c[w], c01 = c[w + 1], c02 = c[w + 2], c03 = c[w + 3],
                    c04 = c[w + 4], c05 = c[w + 5], c06 = c[w + 6], c07 = c[w + 7];
            long c10 = c[w + 8], c11 = c[w + 9], c12 = c[w + 10], c13 = c[w + 11],
                    c14 = c[w + 12], c15 = c[w + 13], c16 = c[w + 14], c17 = c[w + 15];
            boolean first = j == 0;
            for (int i = start; i < end; i += 8) {
                long x = (long) LONGS.get(in, inBase + i);
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
                if (!first) {
                    a0 ^= (long) LONGS.get(o0, p0 + i);
                    a1 ^= (long) LONGS.get(o1, p1 + i);
                }
                LONGS.set(o0, p0 + i, a0);
                LONGS.set(o1, p1 + i, a1);
            }
        }
    }

    /** Rows row..row+0: one pass over each input slice, its eight bit masks shared by 1 output. */
    private void oneRow(int row, byte[][] inputs, int[] inputOffsets, byte[][] outputs, int[] outputOffsets,
            int start, int end) {
        byte[] o0 = outputs[row];
        int p0 = outputOffsets[row];
        for (int j = 0; j < k; j++) {
            byte[] in = inputs[j];
            int inBase = inputOffsets[j];
            long[] c = broadcasts[j];
            int w = row * 8;
            long c00 = c[w], c01 = c[w + 1], c02 = c[w + 2], c03 = c[w + 3],
                    c04 = c[w + 4], c05 = c[w + 5], c06 = c[w + 6], c07 = c[w + 7];
            boolean first = j == 0;
            for (int i = start; i < end; i += 8) {
                long x = (long) LONGS.get(in, inBase + i);
                long m0 = (x & LOW_BITS) * 0xFF;
                long m1 = (x >>> 1 & LOW_BITS) * 0xFF;
                long m2 = (x >>> 2 & LOW_BITS) * 0xFF;
                long m3 = (x >>> 3 & LOW_BITS) * 0xFF;
                long m4 = (x >>> 4 & LOW_BITS) * 0xFF;
                long m5 = (x >>> 5 & LOW_BITS) * 0xFF;
                long m6 = (x >>> 6 & LOW_BITS) * 0xFF;
                long m7 = (x >>> 7 & LOW_BITS) * 0xFF;
                long a0 = m0 & c00 ^ m1 & c01 ^ m2 & c02 ^ m3 & c03 ^ m4 & c04 ^ m5 & c05 ^ m6 & c06 ^ m7 & c07;
                if (!first) {
                    a0 ^= (long) LONGS.get(o0, p0 + i);
                }
                LONGS.set(o0, p0 + i, a0);
            }
        }
    }

    /** Positions [from, to), fewer than eight, through the product table. */
    private void tail(byte[][] inputs, int[] inputOffsets, byte[][] outputs, int[] outputOffsets, int from, int to) {
        byte[] table = Gf256.table();
        for (int r = 0; r < rows; r++) {
            for (int i = from; i < to; i++) {
                int sum = 0;
                for (int j = 0; j < k; j++) {
                    sum ^= table[coefficients[r][j] << 8 | inputs[j][inputOffsets[j] + i] & 0xFF];
                }
                outputs[r][outputOffsets[r] + i] = (byte) sum;
            }
        }
    }
}
