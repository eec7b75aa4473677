package io.ectar.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;

/**
 * The header at the front of every zfec share file: m, k, the pad length and the share number,
 * bit-packed big-endian and left-aligned into 2, 3 or 4 bytes exactly as zfec's {@code filefec} does.
 *
 * <p>m takes 8 bits (m - 1), k takes ceil(log2 m) bits (k - 1), the pad length ceil(log2 k) bits and the
 * share number ceil(log2 m) bits; the total is rounded up to whole bytes (at least 2). Parsing is strict:
 * k must not exceed m, the pad length must be below k, the share number below m, and the unused low
 * bits must be zero.
 *
 * @param m           the total number of shares, 1..256
 * @param k           the number of shares needed to decode, 1..m
 * @param padLength   the zero bytes appended to the payload to make it a multiple of k, 0..k-1
 * @param shareNumber which share this is, 0..m-1 (shares 0..k-1 hold the payload itself)
 */
public record ShareHeader(int m, int k, int padLength, int shareNumber) {

    /** The longest header zfec writes. */
    public static final int MAX_LENGTH = 4;

    /** Validates the fields; throws {@link IllegalArgumentException} naming the field out of range. */
    public ShareHeader {
        checkParameters(k, m);
        if (padLength < 0 || padLength >= k) {
            throw new IllegalArgumentException(
                    "pad length must be 0.." + (k - 1) + " for k=" + k + ", got " + padLength);
        }
        if (shareNumber < 0 || shareNumber >= m) {
            throw new IllegalArgumentException(
                    "share number must be 0.." + (m - 1) + " for m=" + m + ", got " + shareNumber);
        }
    }

    static void checkParameters(int k, int m) {
        if (m < 1 || m > 256) {
            throw new IllegalArgumentException("m (total shares) must be 1..256, got " + m);
        }
        if (k < 1 || k > m) {
            throw new IllegalArgumentException("k (data shares) must be 1..m (m=" + m + "), got " + k);
        }
    }

    /** The header length in bytes (2, 3 or 4) for these m and k. */
    public int length() {
        return length(m, k);
    }

    /** The header length in bytes (2, 3 or 4) of every share file of a (k, m) code. */
    public static int length(int m, int k) {
        int bits = bits(m, k);
        return bits <= 16 ? 2 : bits <= 24 ? 3 : 4;
    }

    private static int bits(int m, int k) {
        return 8 + 2 * ceilLog2(m) + ceilLog2(k);
    }

    /** pyutil's log_ceil(n, 2): the number of bits that can hold every value 0..n-1. */
    private static int ceilLog2(int n) {
        return 32 - Integer.numberOfLeadingZeros(n - 1);
    }

    /** The header bytes, as zfec writes them. */
    byte[] toBytes() {
        int shareBits = ceilLog2(m);
        long value = m - 1;
        value = value << shareBits | (k - 1);
        value = value << ceilLog2(k) | padLength;
        value = value << shareBits | shareNumber;
        int length = length();
        value <<= length * 8L - bits(m, k);
        byte[] bytes = new byte[length];
        for (int i = length - 1; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return bytes;
    }

    /**
     * Parses the header at the start of a share file.
     *
     * @param fileStart at least the first {@link #length()} bytes of the file (more are ignored)
     * @throws ShareFileException when the bytes are too short or do not form a valid header
     */
    public static ShareHeader parse(byte[] fileStart) throws ShareFileException {
        if (fileStart.length < 2) {
            throw new ShareFileException("share file is too short for a zfec header (" + fileStart.length
                    + " bytes); it is truncated or not a zfec share");
        }
        int m = (fileStart[0] & 0xFF) + 1;
        int kBits = ceilLog2(m);
        int k = ((fileStart[1] & 0xFF) >>> (8 - kBits)) + 1;
        if (k > m) {
            throw new ShareFileException("zfec header " + hex(fileStart, 2) + " says k=" + k + " > m=" + m
                    + "; the file is corrupt or not a zfec share");
        }
        int length = length(m, k);
        if (fileStart.length < length) {
            throw new ShareFileException("share file is too short for its " + length + "-byte zfec header ("
                    + fileStart.length + " bytes); it is truncated");
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = value << 8 | (fileStart[i] & 0xFF);
        }
        int unused = length * 8 - bits(m, k);
        int shareBits = ceilLog2(m);
        int padBits = ceilLog2(k);
        if ((value & ((1L << unused) - 1)) != 0) {
            throw new ShareFileException("zfec header " + hex(fileStart, length)
                    + " has non-zero unused bits; the file is corrupt or not a zfec share");
        }
        value >>>= unused;
        int shareNumber = (int) (value & ((1L << shareBits) - 1));
        value >>>= shareBits;
        int padLength = (int) (value & ((1L << padBits) - 1));
        if (padLength >= k || shareNumber >= m) {
            throw new ShareFileException("zfec header " + hex(fileStart, length) + " says "
                    + (padLength >= k ? "pad length " + padLength + " >= k=" + k
                            : "share number " + shareNumber + " >= m=" + m)
                    + "; the file is corrupt or not a zfec share");
        }
        return new ShareHeader(m, k, padLength, shareNumber);
    }

    /**
     * Reads and parses the header from the front of a share stream, consuming exactly its bytes.
     *
     * @throws ShareFileException when the stream ends early or the header is invalid
     */
    public static ShareHeader read(InputStream in) throws IOException {
        byte[] start = in.readNBytes(2);
        if (start.length < 2) {
            return parse(start);
        }
        int m = (start[0] & 0xFF) + 1;
        int k = ((start[1] & 0xFF) >>> (8 - ceilLog2(m))) + 1;
        int length = k > m ? 2 : length(m, k);
        byte[] header = new byte[length];
        System.arraycopy(start, 0, header, 0, 2);
        int rest = in.readNBytes(header, 2, length - 2);
        if (rest < length - 2) {
            byte[] truncated = new byte[2 + rest];
            System.arraycopy(header, 0, truncated, 0, truncated.length);
            return parse(truncated);
        }
        return parse(header);
    }

    /**
     * The length of the payload stored in a share file of the given total length (header included),
     * i.e. k times the share data length minus the pad length.
     *
     * @throws ShareFileException when no payload gives a share file of that length with this header
     */
    public long payloadLength(long shareFileLength) throws ShareFileException {
        long dataLength = shareFileLength - length();
        if (dataLength < 0) {
            throw new ShareFileException("share " + shareNumber + " is " + shareFileLength
                    + " bytes, shorter than its " + length() + "-byte header; it is truncated");
        }
        if (dataLength == 0 && padLength != 0) {
            throw new ShareFileException("share " + shareNumber + " holds no data but its header says pad length "
                    + padLength + "; the file is truncated or corrupt");
        }
        return dataLength * k - padLength;
    }

    private static String hex(byte[] bytes, int length) {
        return HexFormat.of().formatHex(bytes, 0, Math.min(length, bytes.length));
    }

    @Override
    public String toString() {
        return "ShareHeader[m=" + m + ", k=" + k + ", padLength=" + padLength + ", shareNumber=" + shareNumber + "]";
    }
}
