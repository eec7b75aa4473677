package io.shadowcat.testkit.layer;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.encryption.EncryptionLayer;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.testkit.LayerKeys;
import io.shadowcat.testkit.TapeStorageConformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The encryption layer stacked on the filesystem provider meets the provider contract. */
class EncryptedFilesystemConformanceTest extends TapeStorageConformance {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @Override
    public TapeStorageBackend createBackend(Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        if (!Files.exists(keys)) {
            Files.createDirectories(keys);
            LayerKeys.age(keys, "test");
        }
        StorageSettings layer = StorageSettings.of("", Map.of("encryption", "age",
                "age_recipients_file", keys.resolve("test.recipients.txt").toString(),
                "age_identity_file", keys.resolve("test.key.txt").toString()));
        EncryptionLayer encryption = new EncryptionLayer();
        encryption.validate(layer);
        return encryption.wrap(REGISTRY.create("filesystem",
                StorageSettings.of("filesystem", Map.of("path", dir.resolve("tapes").toString()))), layer);
    }
}
