package io.ectar.codec;

/**
 * zfec's systematic encoding matrix and the matrix algebra that decoding needs.
 *
 * <p>zfec takes the m x k Vandermonde matrix at the points 0, 1, 2, 4, 8, ... (row 0 is
 * [1, 0, ..., 0], row r >= 1 holds the powers of 2^(r-1)) and multiplies it by the inverse of its top
 * k x k block, so the first k rows become the identity and the shares 0..k-1 are the data itself.
 * The inverse of a matrix is unique, so any exact inversion gives zfec's bytes.
 */
final class ZfecMatrix {

    private ZfecMatrix() {
    }

    /** The m x k encoding matrix, row i producing share i. */
    static byte[][] encoding(int k, int m) {
        byte[][] vandermonde = new byte[m][k];
        vandermonde[0][0] = 1;
        for (int row = 1; row < m; row++) {
            for (int col = 0; col < k; col++) {
                vandermonde[row][col] = (byte) Gf256.exp((row - 1) * col);
            }
        }
        byte[][] top = new byte[k][];
        System.arraycopy(vandermonde, 0, top, 0, k);
        return multiply(vandermonde, invert(top));
    }

    /** a (r x n) times b (n x c). */
    static byte[][] multiply(byte[][] a, byte[][] b) {
        int n = b.length;
        int cols = n == 0 ? 0 : b[0].length;
        byte[][] product = new byte[a.length][cols];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < cols; j++) {
                int sum = 0;
                for (int t = 0; t < n; t++) {
                    sum ^= Gf256.mul(a[i][t] & 0xFF, b[t][j] & 0xFF);
                }
                product[i][j] = (byte) sum;
            }
        }
        return product;
    }

    /** The inverse of a square matrix (Gauss-Jordan); the argument is left unchanged. */
    static byte[][] invert(byte[][] matrix) {
        int n = matrix.length;
        byte[][] work = new byte[n][];
        byte[][] inverse = new byte[n][n];
        for (int i = 0; i < n; i++) {
            work[i] = matrix[i].clone();
            inverse[i][i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && work[pivot][col] == 0) {
                pivot++;
            }
            if (pivot == n) {
                throw new ArithmeticException("singular matrix");
            }
            swap(work, col, pivot);
            swap(inverse, col, pivot);
            int scale = Gf256.inverse(work[col][col] & 0xFF);
            scaleRow(work[col], scale);
            scaleRow(inverse[col], scale);
            for (int row = 0; row < n; row++) {
                int factor = work[row][col] & 0xFF;
                if (row != col && factor != 0) {
                    subtractScaled(work[row], work[col], factor);
                    subtractScaled(inverse[row], inverse[col], factor);
                }
            }
        }
        return inverse;
    }

    private static void swap(byte[][] rows, int a, int b) {
        byte[] t = rows[a];
        rows[a] = rows[b];
        rows[b] = t;
    }

    private static void scaleRow(byte[] row, int factor) {
        for (int i = 0; i < row.length; i++) {
            row[i] = (byte) Gf256.mul(row[i] & 0xFF, factor);
        }
    }

    private static void subtractScaled(byte[] target, byte[] source, int factor) {
        for (int i = 0; i < target.length; i++) {
            target[i] ^= (byte) Gf256.mul(source[i] & 0xFF, factor);
        }
    }
}
