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

/** The {@code sqlite} provider with the audit layer stacked on it (the log must verify intact after every test): the layered backend keeps the contract. */
class SqliteAuditConformanceTest extends TapeStorageConformance {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @Override
    public TapeStorageBackend createBackend(Path dir) {
        return REGISTRY.create("sqlite", StorageSettings.of("sqlite", Map.of("path",
                dir.resolve("tapes.db").toString(), "audit_log", dir.resolve("audit.log").toString())));
    }

    @AfterEach
    void auditLogStaysIntact() {
        Path log = dataDir.resolve("audit.log");
        if (Files.exists(log)) {
            assertThat(AuditLog.verify(log).intact()).as("audit log %s", log).isTrue();
        }
    }
}
