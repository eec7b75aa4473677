package io.ectar.codec;

/**
 * Arithmetic in GF(2^8) exactly as zfec does it: the field polynomial x^8+x^4+x^3+x^2+1 (0x11D) with
 * generator 2. Addition is XOR; multiplication goes through log and exp tables.
 */
final class Gf256 {

    static final int POLYNOMIAL = 0x11D;

    /** EXP[i] = 2^i, doubled in length so that EXP[LOG[a] + LOG[b]] needs no modulo. */
    private static final int[] EXP = new int[510];
    private static final int[] LOG = new int[256];

    /** The full product table, {@code MUL[a << 8 | b] = a * b}: the row of one coefficient is 256 bytes. */
    private static final byte[] MUL = new byte[256 * 256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            EXP[i + 255] = x;
            LOG[x] = i;
            x <<= 1;
            if ((x & 0x100) != 0) {
                x ^= POLYNOMIAL;
            }
        }
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                MUL[a << 8 | b] = (byte) slowMul(a, b);
            }
        }
    }

    private Gf256() {
    }

    private static int slowMul(int a, int b) {
        return a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]];
    }

    /** The product of two field elements (each 0..255). */
    static int mul(int a, int b) {
        return MUL[a << 8 | b] & 0xFF;
    }

    /** 2 raised to {@code e}, for any e >= 0. */
    static int exp(int e) {
        return EXP[e % 255];
    }

    /** The multiplicative inverse of a non-zero element. */
    static int inverse(int a) {
        if (a == 0) {
            throw new ArithmeticException("0 has no inverse in GF(2^8)");
        }
        return EXP[255 - LOG[a]];
    }

    /**
     * The shared product table; {@code table()[c << 8 | x]} is {@code c * x}. Callers must not modify it.
     */
    static byte[] table() {
        return MUL;
    }
}
