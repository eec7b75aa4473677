package io.shadowcat.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.AuditLog;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.testkit.LayerKeys;
import io.shadowcat.testkit.TapeStorageConformance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The {@code sqlite} provider with every built-in layer stacked on it (audit, tamper, encryption, namespace, retention; the retention layer without a lock: a lock refuses the deletes the kit makes, by design; RetentionLayerTest covers it): the layered backend keeps the contract. */
class SqliteAllLayersConformanceTest extends TapeStorageConformance {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @Override
    public TapeStorageBackend createBackend(Path dir) {
        Path keys = dir.resolve("keys");
        if (!Files.exists(keys.resolve("test.key.txt"))) { // the kit reopens a storage in the same directory
            try {
                Files.createDirectories(keys);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LayerKeys.age(keys, "test");
            LayerKeys.ed25519(keys, "signer");
        }
        return REGISTRY.create("sqlite", StorageSettings.of("sqlite", Map.of("path", dir.resolve("tapes.db").toString(),
                "audit_log", dir.resolve("audit.log").toString(),
                "signing_key_file", keys.resolve("signer.pem").toString(),
                "encryption", "age",
                "age_recipients_file", keys.resolve("test.recipients.txt").toString(),
                "age_identity_file", keys.resolve("test.key.txt").toString(),
                "namespace", "team-a")));
    }

    @AfterEach
    void auditLogStaysIntact() {
        Path log = dataDir.resolve("audit.log");
        if (Files.exists(log)) {
            assertThat(AuditLog.verify(log).intact()).as("audit log %s", log).isTrue();
        }
    }
}
