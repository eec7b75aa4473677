package io.shadowcat.redis;

import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.testkit.TapeStorageConformance;
import io.shadowcat.testkit.servers.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole conformance kit over {@code rediss://}, against a redis-server that speaks TLS only and checks
 * clients' certificates ({@code tls-auth-clients yes}): what the provider does over plain TCP
 * ({@link RedisConformanceTest}) it does over TLS with a client certificate, the live tapes, the 100
 * concurrent recordings and the crash and restart tests included.
 */
class RedisTlsConformanceTest extends TapeStorageConformance {

    private static Path dir;
    private static TestCertificates certificates;
    private static RedisServer server;

    @BeforeAll
    static void startServer() throws Exception {
        dir = Files.createTempDirectory("redis-tls-kit-");
        certificates = TestCertificates.in(dir).issue("server", "subjectAltName=IP:127.0.0.1")
                .issue("client", "extendedKeyUsage=clientAuth");
        server = RedisServer.startTls(certificates.cert("server"), certificates.key("server"), certificates.ca(),
                "--tls-auth-clients", "yes");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Override
    public TapeStorageBackend createBackend(Path dir) {
        return new RedisStorageProvider().create(StorageSettings.of("redis", Map.of("url", server.url(),
                "prefix", RedisConformanceTest.prefixFor(dir), "tls_ca_file", certificates.ca().toString(),
                "tls_cert_file", certificates.cert("client").toString(),
                "tls_key_file", certificates.key("client").toString())), OpenMode.CREATE);
    }
}
