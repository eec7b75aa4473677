package io.shadowcat.testkit;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.StorageSettings;
import io.shadowcat.storage.TapeStorageBackend;
import java.nio.file.Path;
import java.util.Map;

/** The {@code filesystem} provider with zstd compression and per-frame durability: same contract. */
class CompressedFilesystemConformanceTest extends TapeStorageConformance {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @Override
    protected TapeStorageBackend createBackend(Path dir) {
        return REGISTRY.create("filesystem", StorageSettings.of("filesystem",
                Map.of("path", dir.toString(), "compression", "zstd", "durability", "on_close")));
    }
}
