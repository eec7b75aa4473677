package io.ectar.internal.io;

import io.ectar.codec.PayloadBytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

/** SHA-256 digests and their lower-case hex form, the way the index stores them. */
public final class Sha256 {

    /** Below this many bytes to hash, the warm-up costs more than it saves. */
    private static final long WARM_UP_WORTH = 32L << 20;
    private static final AtomicBoolean WARMING = new AtomicBoolean();

    private Sha256() {
    }

    /**
     * Gets SHA-256 compiled to the CPU's own instructions early, on a background thread, when {@code bytes}
     * are about to be hashed (once per JVM). Until the JIT compiler gets to it, hashing runs several times
     * slower: the first 64 MiB take about 0.3 s instead of 0.05 s, and the first chunk of an archive, which
     * every other step of an extraction waits for, would be hashed at that speed. Hashing small buffers at
     * start-up, while the first chunk is read, gets it compiled first, for about 0.1 s of CPU.
     *
     * @return whether this call started the warm-up
     */
    public static boolean warmUp(long bytes) {
        if (bytes < WARM_UP_WORTH || !WARMING.compareAndSet(false, true)) {
            return false;
        }
        Thread t = new Thread(() -> {
            MessageDigest d = newDigest();
            byte[] block = new byte[128];
            for (int i = 0; i < 16_000; i++) {
                d.update(block); // many calls: the JIT compiles what is called often
            }
            d.digest();
        }, "ectar-sha256-warm-up");
        t.setDaemon(true);
        t.start();
        return true;
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String of(byte[] data, int offset, int length) {
        MessageDigest d = newDigest();
        d.update(data, offset, length);
        return hex(d);
    }

    public static String of(byte[] data) {
        return of(data, 0, data.length);
    }

    public static String of(PayloadBytes data) {
        MessageDigest d = newDigest();
        data.forEachRun(d::update);
        return hex(d);
    }
}
