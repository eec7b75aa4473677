package io.shadowcat.postgres;

import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.ConfigSchema;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.spi.StorageProviderFactory;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code postgres} storage provider: tapes in a PostgreSQL database, in a schema of their own, shared by
 * many processes and hosts, as durable as the server's commits. Found through {@link java.util.ServiceLoader};
 * select it with {@code --storage postgres:url=jdbc:postgresql://127.0.0.1:5432/shadowcat}. See README
 * "postgres".
 */
public final class PostgresStorageProvider implements StorageProviderFactory {

    /** The provider's registry name. */
    public static final String NAME = "postgres";

    // Search is TapeSearchMatcher's scan, ranked by match counts; no COMPRESSION, RETENTION or ENCRYPTION yet.
    static final Set<ProviderCapability> CAPABILITIES = Set.copyOf(EnumSet.of(ProviderCapability.LIVE_APPEND,
            ProviderCapability.SUBSTRING_SEARCH, ProviderCapability.RANKED_SEARCH, ProviderCapability.CONDITIONAL_CREATE,
            ProviderCapability.MULTI_PROCESS, ProviderCapability.MULTI_HOST, ProviderCapability.TRANSACTIONS,
            ProviderCapability.REMOTE_STORAGE));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String displayName() {
        return "PostgreSQL";
    }

    @Override
    public String version() {
        Package p = PostgresStorageProvider.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }

    @Override
    public String description() {
        return "Tapes in a PostgreSQL database (a schema of their own): shared by many processes and hosts,"
                + " committed in batches while recording";
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ConfigSchema configSchema() {
        return PostgresSettings.SCHEMA;
    }

    @Override
    public void validate(StorageSettings settings) {
        PostgresSettings.from(settings, System::getenv);
    }

    @Override
    public TapeStorageBackend create(StorageSettings settings) {
        return create(settings, OpenMode.CREATE);
    }

    @Override
    public TapeStorageBackend create(StorageSettings settings, OpenMode mode) {
        return PostgresTapeStore.open(PostgresSettings.from(settings, System::getenv), mode);
    }
}
