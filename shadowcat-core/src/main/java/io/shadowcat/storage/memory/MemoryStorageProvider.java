package io.shadowcat.storage.memory;

import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.spi.ConfigSchema;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.spi.StorageProviderFactory;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.util.Set;

/**
 * The built-in {@code memory} provider, for tests: tapes live on the heap and vanish when the backend
 * closes. Bounded by {@code max_tapes} (default 1000) and {@code max_bytes} (default 256 MiB of JSON Lines);
 * when full it evicts the oldest finished tapes and logs a warning naming each.
 */
public final class MemoryStorageProvider implements StorageProviderFactory {

    /** The provider's name. */
    public static final String NAME = "memory";

    private static final String MAX_TAPES = "max_tapes";
    private static final String MAX_BYTES = "max_bytes";
    private static final ConfigSchema SCHEMA = ConfigSchema.of(
            ConfigField.withDefault(MAX_TAPES, ConfigField.Type.INTEGER,
                    "keep at most this many tapes; the oldest finished ones are evicted",
                    "1000"),
            ConfigField.withDefault(MAX_BYTES, ConfigField.Type.INTEGER,
                    "keep at most this many bytes of tapes; the oldest finished ones are evicted",
                    String.valueOf(256L << 20)));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String displayName() {
        return "In-memory";
    }

    @Override
    public String version() {
        return io.shadowcat.Shadowcat.version();
    }

    @Override
    public String description() {
        return "tapes on the heap, for tests; bounded, evicts the oldest";
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        return MemoryBackend.CAPABILITIES;
    }

    @Override
    public ConfigSchema configSchema() {
        return SCHEMA;
    }

    @Override
    public void validate(StorageSettings settings) {
        SCHEMA.validate(settings);
        positive(settings, MAX_TAPES, 1000);
        positive(settings, MAX_BYTES, 256L << 20);
    }

    @Override
    public TapeStorageBackend create(StorageSettings settings) {
        return new MemoryBackend(positive(settings, MAX_TAPES, 1000), positive(settings, MAX_BYTES, 256L << 20));
    }

    private static long positive(StorageSettings s, String key, long defaultValue) {
        long v = s.longValue(key, defaultValue);
        if (v < 1) {
            throw new InvalidConfigException(s.provider(), key, "must be at least 1, got " + v);
        }
        return v;
    }
}
