package io.shadowcat.testkit;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.nio.file.Path;
import java.util.Map;

/** The built-in {@code memory} provider against the conformance suite; its tapes do not outlive it. */
class MemoryConformanceTest extends TapeStorageConformance {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @Override
    public TapeStorageBackend createBackend(Path dir) {
        return REGISTRY.create("memory", StorageSettings.of("memory", Map.of("max_bytes", String.valueOf(1L << 30))));
    }

    @Override
    protected boolean persistsAcrossReopen() {
        return false;
    }
}
