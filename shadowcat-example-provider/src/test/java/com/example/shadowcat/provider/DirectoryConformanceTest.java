package com.example.shadowcat.provider;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.testkit.TapeStorageConformance;
import java.nio.file.Path;
import java.util.Map;

/**
 * The example provider against the conformance kit, opened the way users open it: by name through a registry
 * that found it with {@code ServiceLoader} (so a missing or wrong {@code META-INF/services} file fails here).
 */
class DirectoryConformanceTest extends TapeStorageConformance {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @Override
    public TapeStorageBackend createBackend(Path dir) {
        return REGISTRY.create(DirectoryStorageProvider.NAME,
                StorageSettings.of(DirectoryStorageProvider.NAME, Map.of("path", dir.toString())));
    }
}
