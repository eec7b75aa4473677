package io.shadowcat.testkit.layer;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.tamper.TamperLayer;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.testkit.LayerKeys;
import io.shadowcat.testkit.TapeStorageConformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The tamper layer stacked on the filesystem provider meets the provider contract. */
class ChainedFilesystemConformanceTest extends TapeStorageConformance {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @Override
    public TapeStorageBackend createBackend(Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        if (!Files.exists(keys)) {
            Files.createDirectories(keys);
            LayerKeys.ed25519(keys, "signer");
        }
        StorageSettings layer = StorageSettings.of("", Map.of("signing_key_file", keys.resolve("signer.pem").toString()));
        TamperLayer tamper = new TamperLayer();
        tamper.validate(layer);
        return tamper.wrap(REGISTRY.create("filesystem",
                StorageSettings.of("filesystem", Map.of("path", dir.resolve("tapes").toString()))), layer);
    }
}
