package io.ectar.codec;

/** The pure-Java engine: table-driven GF(2^8) multiply-and-add over byte arrays. */
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
        return new TableCoder(matrix);
    }

    /** Multiplies through the row of the product table that belongs to each coefficient. */
    private static final class TableCoder implements MatrixCoder {

        /** Positions handled per pass, so that one output block stays in the L1 cache across all inputs. */
        private static final int BLOCK = 4096;

        private final int[][] coefficients;

        TableCoder(byte[][] matrix) {
            coefficients = new int[matrix.length][];
            for (int r = 0; r < matrix.length; r++) {
                coefficients[r] = new int[matrix[r].length];
                for (int j = 0; j < matrix[r].length; j++) {
                    coefficients[r][j] = matrix[r][j] & 0xFF;
                }
            }
        }

        @Override
        public void code(byte[][] inputs, int inputOffset, byte[][] outputs, int outputOffset, int length) {
            byte[] table = Gf256.table();
            for (int start = 0; start < length; start += BLOCK) {
                int n = Math.min(BLOCK, length - start);
                for (int r = 0; r < coefficients.length; r++) {
                    byte[] out = outputs[r];
                    int o = outputOffset + start;
                    boolean written = false;
                    for (int j = 0; j < coefficients[r].length; j++) {
                        int c = coefficients[r][j];
                        if (c == 0) {
                            continue;
                        }
                        byte[] in = inputs[j];
                        int x = inputOffset + start;
                        int row = c << 8;
                        if (!written) {
                            if (c == 1) {
                                System.arraycopy(in, x, out, o, n);
                            } else {
                                for (int i = 0; i < n; i++) {
                                    out[o + i] = table[row | (in[x + i] & 0xFF)];
                                }
                            }
                            written = true;
                        } else if (c == 1) {
                            for (int i = 0; i < n; i++) {
                                out[o + i] ^= in[x + i];
                            }
                        } else {
                            for (int i = 0; i < n; i++) {
                                out[o + i] ^= table[row | (in[x + i] & 0xFF)];
                            }
                        }
                    }
                    if (!written) {
                        java.util.Arrays.fill(out, o, o + n, (byte) 0);
                    }
                }
            }
        }
    }
}
