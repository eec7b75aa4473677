package io.shadowcat.storage.support;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.ConfigField;
import java.time.Duration;

/**
 * How a provider that commits live tapes in batches is told how often: {@code batch_frames} (default 256) and
 * {@code batch_interval} (default 200ms), the same two settings, defaults and checks for every such provider.
 * Support for provider authors: put {@link #framesField} and {@link #intervalField} in the provider's
 * {@code ConfigSchema} and {@link #parse} its settings.
 *
 * @param frames   a live tape is committed at least every this many frames
 * @param interval ... and at least this often, so a crash loses at most one batch
 */
public record Batching(int frames, Duration interval) {

    /** The setting that bounds a batch's frames. */
    public static final String FRAMES = "batch_frames";
    /** The setting that bounds a batch's age. */
    public static final String INTERVAL = "batch_interval";

    private static final Duration MAX_INTERVAL = Duration.ofHours(1);

    /** {@code batch_frames}, from 1 to {@code maxFrames}. */
    public static ConfigField framesField(int maxFrames) {
        return ConfigField.withDefault(FRAMES, ConfigField.Type.INTEGER,
                "A live tape's frames are committed at least every this many frames (1 to " + maxFrames + ").", "256");
    }

    /** {@code batch_interval}, from 1ms to 1h. */
    public static ConfigField intervalField() {
        return ConfigField.withDefault(INTERVAL, ConfigField.Type.DURATION,
                "... and at least this often (1ms to 1h); a crash loses at most one batch.", "200ms");
    }

    /** Reads and checks both settings, naming the bad one. */
    public static Batching parse(StorageSettings settings, String provider, int maxFrames) {
        long frames = settings.longValue(FRAMES, 256);
        if (frames < 1 || frames > maxFrames) {
            throw new InvalidConfigException(provider, FRAMES, "must be between 1 and " + maxFrames + ", got " + frames);
        }
        Duration interval = settings.duration(INTERVAL, Duration.ofMillis(200));
        if (interval.toMillis() < 1 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new InvalidConfigException(provider, INTERVAL, "must be between 1ms and 1h, got " + interval);
        }
        return new Batching((int) frames, interval);
    }
}
