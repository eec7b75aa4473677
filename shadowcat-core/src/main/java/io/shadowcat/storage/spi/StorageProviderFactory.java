package io.shadowcat.storage.spi;

import java.util.Set;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.StorageNotFoundException;
import io.shadowcat.storage.config.StorageSettings;

/**
 * Creates {@link TapeStorageBackend}s of one kind. Third parties implement this interface and list the
 * class in {@code META-INF/services/io.shadowcat.storage.spi.StorageProviderFactory}, or register an
 * instance at run time; the core never needs to know the provider.
 *
 * <p>Implementations must be thread-safe and cheap to construct; all expensive work belongs in
 * {@link #create}.
 */
public interface StorageProviderFactory {

    /** Unique name, lowercase letters, digits and hyphens, e.g. {@code filesystem}, {@code s3}. */
    String name();

    String displayName();

    String version();

    String description();

    Set<ProviderCapability> capabilities();

    ConfigSchema configSchema();

    /**
     * Checks settings before anything is created. The default validates against {@link #configSchema()}.
     *
     * @throws InvalidConfigException naming the offending key
     */
    default void validate(StorageSettings settings) {
        configSchema().validate(settings);
    }

    /**
     * Creates a backend from validated settings.
     *
     * @throws StorageException when the backend cannot be created (wrapped by the registry)
     */
    TapeStorageBackend create(StorageSettings settings);

    /**
     * Creates a backend from validated settings for {@code mode}. With {@link OpenMode#EXISTING} a provider
     * whose storage can be missing (a directory, a database file, a bucket) must throw
     * {@link StorageNotFoundException} instead of creating it, and must not write while opening; the
     * conformance kit's {@code OpenModeConformance} checks both. The default serves providers whose storage
     * always exists once configured (such as {@code memory}): it ignores the mode.
     *
     * @throws StorageNotFoundException when {@code mode} is {@link OpenMode#EXISTING} and the storage is missing
     * @throws StorageException when the backend cannot be created (wrapped by the registry)
     */
    default TapeStorageBackend create(StorageSettings settings, OpenMode mode) {
        return create(settings);
    }
}
