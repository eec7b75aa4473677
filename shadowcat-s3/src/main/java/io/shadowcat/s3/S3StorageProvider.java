package io.shadowcat.s3;

import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.ConfigSchema;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.spi.StorageProviderFactory;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code s3} storage provider: tapes as objects in an Amazon S3 bucket or an S3-compatible store (MinIO,
 * Ceph, R2, S3Proxy), shared by many processes and hosts, for teams, pods without disks and long-kept
 * production traffic. Found through {@link java.util.ServiceLoader}; select it with
 * {@code --storage s3:bucket=my-tapes}. Layout, durability and consistency: README "s3".
 */
public final class S3StorageProvider implements StorageProviderFactory {

    /** The provider's registry name. */
    public static final String NAME = "s3";

    // CONDITIONAL_CREATE where the store honours If-None-Match (a backend on one that does not leaves it out).
    static final Set<ProviderCapability> CAPABILITIES = Set.copyOf(EnumSet.of(ProviderCapability.LIVE_APPEND,
            ProviderCapability.SUBSTRING_SEARCH, ProviderCapability.RANKED_SEARCH,
            ProviderCapability.CONDITIONAL_CREATE, ProviderCapability.MULTI_PROCESS, ProviderCapability.MULTI_HOST,
            ProviderCapability.COMPRESSION, ProviderCapability.REMOTE_STORAGE));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String displayName() {
        return "Amazon S3 (and S3-compatible stores)";
    }

    @Override
    public String version() {
        Package p = S3StorageProvider.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }

    @Override
    public String description() {
        return "Tapes as objects in an S3 bucket (AWS, MinIO, Ceph, R2, S3Proxy): JSON Lines segments while"
                + " recording, an index listed newest first; shared by many processes and hosts";
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ConfigSchema configSchema() {
        return S3Settings.SCHEMA;
    }

    @Override
    public void validate(StorageSettings settings) {
        S3Settings.from(settings);
    }

    @Override
    public TapeStorageBackend create(StorageSettings settings) {
        return create(settings, OpenMode.CREATE);
    }

    @Override
    public TapeStorageBackend create(StorageSettings settings, OpenMode mode) {
        return S3TapeStore.open(S3Settings.from(settings), mode);
    }
}
