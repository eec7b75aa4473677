package io.shadowcat.storage.filesystem;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;
import java.time.Duration;

/**
 * When appended frames are forced to disk: after every frame ({@code every_frame}), every so often
 * ({@code 200ms}, {@code 1s}: a crash loses at most that much), or only when the tape is finished
 * ({@code on_close}).
 *
 * @param interval the flush period for the periodic policy, null otherwise
 */
record Durability(Kind kind, Duration interval) {

    enum Kind { EVERY_FRAME, INTERVAL, ON_CLOSE }

    static final String DEFAULT = "200ms";

    static Durability parse(StorageSettings settings, String key) {
        String text = settings.string(key, DEFAULT).trim();
        switch (text) {
            case "every_frame":
            case "every-frame":
                return new Durability(Kind.EVERY_FRAME, null);
            case "on_close":
            case "on-close":
                return new Durability(Kind.ON_CLOSE, null);
            default:
                Duration d = settings.with(key, text).duration(key, null);
                if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofHours(1)) > 0) {
                    throw new InvalidConfigException(settings.provider(), key,
                            "flush interval must be between 1ms and 1h, got '" + text + "'");
                }
                return new Durability(Kind.INTERVAL, d);
        }
    }

    @Override
    public String toString() {
        return kind == Kind.INTERVAL ? "every " + interval.toMillis() + "ms" : kind.name().toLowerCase();
    }
}
