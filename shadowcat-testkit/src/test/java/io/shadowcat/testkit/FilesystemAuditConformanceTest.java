package io.shadowcat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.AuditLog;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The {@code filesystem} provider with the audit layer stacked on it (the log must verify intact after every test): the layered backend keeps the contract. */
class FilesystemAuditConformanceTest extends TapeStorageConformance {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @Override
    public TapeStorageBackend createBackend(Path dir) {
        return REGISTRY.create("filesystem", StorageSettings.of("filesystem", Map.of("path",
                dir.resolve("tapes").toString(), "audit_log", dir.resolve("audit.log").toString())));
    }

    @AfterEach
    void auditLogStaysIntact() {
        Path log = dataDir.resolve("audit.log");
        if (Files.exists(log)) {
            assertThat(AuditLog.verify(log).intact()).as("audit log %s", log).isTrue();
        }
    }
}
