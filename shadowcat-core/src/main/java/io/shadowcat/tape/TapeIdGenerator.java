package io.shadowcat.tape;

import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes new tape ids. Production code uses {@link #random()}; tests pass {@link #sequential} or
 * {@link #seeded} so that ids, file names and golden outputs are the same on every run.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TapeIdGenerator {

    /** The next id; never repeats within one generator. */
    TapeId next();

    /** Random UUIDs, e.g. {@code 3f2b9c1e-...}. */
    static TapeIdGenerator random() {
        return () -> TapeId.of(UUID.randomUUID().toString());
    }

    /** {@code prefix-000001}, {@code prefix-000002}, ...; the prefix must itself be id characters. */
    static TapeIdGenerator sequential(String prefix) {
        if (!TapeId.isValid(prefix) || prefix.length() > 100) {
            throw new IllegalArgumentException("invalid tape id prefix '" + prefix
                    + "': use up to 100 characters from A-Z, a-z, 0-9, '_' and '-'");
        }
        AtomicLong counter = new AtomicLong();
        return () -> TapeId.of(String.format("%s-%06d", prefix, counter.incrementAndGet()));
    }

    /** UUID-shaped ids drawn from a seeded generator: the same seed gives the same ids in the same order. */
    static TapeIdGenerator seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return () -> {
            long hi;
            long lo;
            synchronized (random) {
                hi = random.nextLong();
                lo = random.nextLong();
            }
            // Version 4 / IETF variant bits, so the ids look like any other UUID.
            hi = (hi & ~0xF000L) | 0x4000L;
            lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return TapeId.of(new UUID(hi, lo).toString());
        };
    }
}
