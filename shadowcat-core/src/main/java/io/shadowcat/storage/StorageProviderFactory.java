package io.shadowcat.storage;

import java.util.Set;

/**
 * Creates {@link TapeStorageBackend}s of one kind. Third parties implement this interface and list the
 * class in {@code META-INF/services/io.shadowcat.storage.StorageProviderFactory}, or register an
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
}
