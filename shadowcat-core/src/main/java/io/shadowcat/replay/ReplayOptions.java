package io.shadowcat.replay;

import java.util.Objects;

/**
 * How a tape is replayed.
 *
 * @param match how requests find their recorded responses
 * @param speed 0 to answer at once; otherwise recorded delays are divided by it (1 = recorded pace,
 *     2 = twice as fast, 0.5 = half as fast)
 */
public record ReplayOptions(MatchMode match, double speed) {

    public ReplayOptions {
        Objects.requireNonNull(match, "match");
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a finite number >= 0, got " + speed);
        }
    }

    /** Match on method and params, answer at once. */
    public static ReplayOptions defaults() {
        return new ReplayOptions(MatchMode.METHOD_PARAMS, 0);
    }
}
