package io.shadowcat.sqlite;

import io.shadowcat.storage.spi.ConfigSchema;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.spi.StorageProviderFactory;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code sqlite} storage provider: every tape in one SQLite database file, searchable with FTS5.
 *
 * <p>Settings (all optional): {@code path} (default {@code ./tapes.db}), {@code busy_timeout} (default
 * {@code 30s}), {@code synchronous} ({@code off|normal|full|extra}, default {@code normal}),
 * {@code batch_frames} (default 256) and {@code batch_interval} (default {@code 200ms}). Found through
 * {@link java.util.ServiceLoader}; select it with {@code --storage sqlite:path=tapes.db}.
 */
public final class SqliteStorageProvider implements StorageProviderFactory {

    /** The provider's registry name. */
    public static final String NAME = "sqlite";

    static final Set<ProviderCapability> CAPABILITIES = Set.copyOf(EnumSet.of(ProviderCapability.LIVE_APPEND,
            ProviderCapability.SUBSTRING_SEARCH, ProviderCapability.RANKED_SEARCH,
            ProviderCapability.CONDITIONAL_CREATE, ProviderCapability.MULTI_PROCESS, ProviderCapability.TRANSACTIONS,
            ProviderCapability.LOCAL_STORAGE));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String displayName() {
        return "SQLite";
    }

    @Override
    public String version() {
        Package p = SqliteStorageProvider.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }

    @Override
    public String description() {
        return "Tapes in one SQLite database (WAL) with FTS5 full-text search; safe for many concurrent"
                + " recordings from several processes";
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ConfigSchema configSchema() {
        return SqliteSettings.SCHEMA;
    }

    @Override
    public void validate(StorageSettings settings) {
        SqliteSettings.from(settings);
    }

    @Override
    public TapeStorageBackend create(StorageSettings settings) {
        return create(settings, OpenMode.CREATE);
    }

    @Override
    public TapeStorageBackend create(StorageSettings settings, OpenMode mode) {
        return SqliteTapeStore.open(SqliteSettings.from(settings), mode);
    }
}
