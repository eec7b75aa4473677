package io.shadowcat.s3;

import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.testkit.OpenModeConformance;
import io.shadowcat.testkit.TapeStorageConformance;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The s3 provider meets the contract every storage provider must meet, against a real S3Proxy. Each test's
 * storage is its own key prefix, derived from the test's directory, in one bucket of one server per class.
 */
class S3ConformanceTest extends TapeStorageConformance implements OpenModeConformance {

    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
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
        return new S3StorageProvider().create(StorageSettings.of("s3", server.settings(prefixFor(dir))), mode);
    }

    // Unique per directory, and naming it, as a path-based provider's messages do.
    static String prefixFor(Path dir) {
        return "kit-" + Integer.toHexString(dir.toAbsolutePath().toString().hashCode()) + "-" + dir.getFileName() + "/";
    }
}
