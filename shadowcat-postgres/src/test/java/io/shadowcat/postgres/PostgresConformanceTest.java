package io.shadowcat.postgres;

import io.shadowcat.testkit.servers.PostgresServer;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.testkit.OpenModeConformance;
import io.shadowcat.testkit.TapeStorageConformance;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The postgres provider meets the contract every storage provider must meet, against a real PostgreSQL 15
 * cluster. Each test's storage is its own PostgreSQL schema, derived from the test's directory, on one
 * cluster per class.
 */
class PostgresConformanceTest extends TapeStorageConformance implements OpenModeConformance {

    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    public TapeStorageBackend createBackend(Path dir) {
        return openBackend(dir, OpenMode.CREATE);
    }

    @Override
    public TapeStorageBackend openBackend(Path dir, OpenMode mode) {
        return new PostgresStorageProvider().create(settings(server, schemaFor(dir)), mode);
    }

    static StorageSettings settings(PostgresServer server, String schema) {
        return StorageSettings.of("postgres", Map.of("url", server.url(), "user", PostgresServer.USER,
                "password", PostgresServer.PASSWORD, "schema", schema));
    }

    // Unique per directory, and naming it, as a path-based provider's messages do.
    static String schemaFor(Path dir) {
        String name = dir.getFileName().toString().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return "kit_" + Integer.toHexString(dir.toAbsolutePath().toString().hashCode()) + "_"
                + name.substring(0, Math.min(40, name.length()));
    }
}
