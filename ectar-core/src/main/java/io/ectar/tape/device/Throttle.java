package io.ectar.tape.device;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Caps a byte stream at a sustained rate, like a drive's head speed: each transfer books its share of
 * time and the caller sleeps when it runs ahead. Idle time is not banked beyond a short burst, so a
 * pause does not buy a later spurt faster than the cap.
 */
final class Throttle {

    private static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final double nanosPerByte;
    private long next = Long.MIN_VALUE;

    Throttle(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("rate must be > 0 bytes/s, got " + bytesPerSecond);
        }
        this.nanosPerByte = 1e9 / bytesPerSecond;
    }

    /** Books {@code bytes} and sleeps until the rate allows them. */
    void acquire(long bytes) {
        long now = System.nanoTime();
        if (next == Long.MIN_VALUE || next < now - BURST_NANOS) {
            next = now - BURST_NANOS;
        }
        next += (long) (bytes * nanosPerByte);
        long wait = next - now;
        while (wait > 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(wait);
            wait = next - System.nanoTime();
        }
    }
}
