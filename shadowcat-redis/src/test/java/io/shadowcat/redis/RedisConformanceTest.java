package io.shadowcat.redis;

import io.shadowcat.testkit.servers.RedisServer;
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
 * The redis provider meets the contract every storage provider must meet, against a real redis-server. Each
 * test's storage is its own key prefix, derived from the test's directory, on one server per class.
 */
class RedisConformanceTest extends TapeStorageConformance implements OpenModeConformance {

    private static RedisServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedisServer.start();
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
        return new RedisStorageProvider().create(StorageSettings.of("redis", Map.of("url", server.url(),
                "prefix", prefixFor(dir))), mode);
    }

    // Unique per directory, and naming it, as a path-based provider's messages do.
    static String prefixFor(Path dir) {
        return "kit-" + Integer.toHexString(dir.toAbsolutePath().toString().hashCode()) + "-" + dir.getFileName() + ":";
    }
}
