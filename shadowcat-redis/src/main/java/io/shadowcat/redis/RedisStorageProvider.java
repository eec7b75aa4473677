package io.shadowcat.redis;

import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.ConfigSchema;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.spi.StorageProviderFactory;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code redis} storage provider: tapes in a Redis server, a stream per tape, for live and short-lived
 * tapes (CI runs, dashboards) shared by many processes and hosts. Durability is the server's (its AOF and
 * RDB settings): see README "redis". Found through {@link java.util.ServiceLoader}; select it with
 * {@code --storage redis:url=redis://127.0.0.1:6379/0}.
 */
public final class RedisStorageProvider implements StorageProviderFactory {

    /** The provider's registry name. */
    public static final String NAME = "redis";

    static final Set<ProviderCapability> CAPABILITIES = Set.copyOf(EnumSet.of(ProviderCapability.LIVE_APPEND,
            ProviderCapability.SUBSTRING_SEARCH, ProviderCapability.RANKED_SEARCH,
            ProviderCapability.CONDITIONAL_CREATE, ProviderCapability.MULTI_PROCESS, ProviderCapability.MULTI_HOST,
            ProviderCapability.RETENTION, ProviderCapability.REMOTE_STORAGE));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String displayName() {
        return "Redis";
    }

    @Override
    public String version() {
        Package p = RedisStorageProvider.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }

    @Override
    public String description() {
        return "Tapes in a Redis server (a stream per tape): live tapes shared by many processes and hosts;"
                + " as durable as the server's persistence settings";
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ConfigSchema configSchema() {
        return RedisSettings.SCHEMA;
    }

    @Override
    public void validate(StorageSettings settings) {
        RedisSettings.from(settings);
    }

    @Override
    public TapeStorageBackend create(StorageSettings settings) {
        return create(settings, OpenMode.CREATE);
    }

    @Override
    public TapeStorageBackend create(StorageSettings settings, OpenMode mode) {
        return RedisTapeStore.open(RedisSettings.from(settings), mode);
    }
}
