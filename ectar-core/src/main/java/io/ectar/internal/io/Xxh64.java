package io.ectar.internal.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * XXH64 with seed 0, fed in pieces: zstd's content checksum is its low 32 bits, which the raw frames of
 * uncompressed payloads need (the JDK has no XXH64, and zstd-jni does not expose one).
 */
public final class Xxh64 {

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private long v1 = P1 + P2;
    private long v2 = P2;
    private long v3 = 0;
    private long v4 = -P1;
    private long total;
    /** Bytes not yet consumed in 32-byte stripes. */
    private final byte[] buffer = new byte[32];
    private int buffered;

    public void update(byte[] b, int off, int len) {
        total += len;
        if (buffered > 0) {
            int n = Math.min(len, 32 - buffered);
            System.arraycopy(b, off, buffer, buffered, n);
            buffered += n;
            off += n;
            len -= n;
            if (buffered < 32) {
                return;
            }
            stripe(buffer, 0);
            buffered = 0;
        }
        int end = off + len - 31;
        while (off < end) {
            stripe(b, off);
            off += 32;
            len -= 32;
        }
        System.arraycopy(b, off, buffer, 0, len);
        buffered = len;
    }

    private void stripe(byte[] b, int off) {
        v1 = round(v1, (long) LONG.get(b, off));
        v2 = round(v2, (long) LONG.get(b, off + 8));
        v3 = round(v3, (long) LONG.get(b, off + 16));
        v4 = round(v4, (long) LONG.get(b, off + 24));
    }

    /** The hash of everything fed so far. */
    public long digest() {
        long h;
        if (total >= 32) {
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = P5;
        }
        h += total;
        int i = 0;
        for (; i + 8 <= buffered; i += 8) {
            h ^= round(0, (long) LONG.get(buffer, i));
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        if (i + 4 <= buffered) {
            h ^= ((int) INT.get(buffer, i) & 0xFFFFFFFFL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            i += 4;
        }
        for (; i < buffered; i++) {
            h ^= (buffer[i] & 0xFFL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    private static long round(long acc, long input) {
        return Long.rotateLeft(acc + input * P2, 31) * P1;
    }

    private static long merge(long h, long v) {
        return (h ^ round(0, v)) * P1 + P4;
    }
}
