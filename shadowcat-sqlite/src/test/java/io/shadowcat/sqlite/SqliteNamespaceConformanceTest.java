package io.shadowcat.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.AuditLog;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.testkit.TapeStorageConformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The {@code sqlite} provider with the namespace layer stacked on it: the layered backend keeps the contract. */
class SqliteNamespaceConformanceTest extends TapeStorageConformance {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @Override
    public TapeStorageBackend createBackend(Path dir) {
        return REGISTRY.create("sqlite", StorageSettings.of("sqlite", Map.of("path",
                dir.resolve("tapes.db").toString(), "namespace", "team-a")));
    }

    @AfterEach
    void auditLogStaysIntact() {
        Path log = dataDir.resolve("audit.log");
        if (Files.exists(log)) {
            assertThat(AuditLog.verify(log).intact()).as("audit log %s", log).isTrue();
        }
    }
}
