package io.shadowcat.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.testkit.SampleTapes;
import io.shadowcat.testkit.servers.RedisServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://} against Debian's redis-server speaking TLS only, with a CA and certificates {@code openssl}
 * makes here: trusted through {@code tls_ca_file}; refused, in one line saying what to set, when the CA is not
 * given, when the certificate names another host, and when the url says redis:// to a TLS port; a client
 * certificate ({@code tls_cert_file}, {@code tls_key_file}) for a server that checks clients, and its files
 * checked before connecting.
 */
class RedisTlsTest {

    @TempDir
    static Path certs;

    private static RedisServer server;
    private static RedisServer misnamed;
    private static RedisServer checksClients;

    @BeforeAll
    static void startServers() throws Exception {
        TestCertificates ca = TestCertificates.in(certs).issue("server", "subjectAltName=IP:127.0.0.1")
                .issue("elsewhere", "subjectAltName=DNS:elsewhere.example")
                .issue("client", "extendedKeyUsage=clientAuth").issue("stranger", "extendedKeyUsage=clientAuth");
        server = RedisServer.startTls(ca.cert("server"), ca.key("server"), ca.ca());
        misnamed = RedisServer.startTls(ca.cert("elsewhere"), ca.key("elsewhere"), ca.ca());
        checksClients = RedisServer.startTls(ca.cert("server"), ca.key("server"), ca.ca(), "--tls-auth-clients", "yes");
        // the same key in the older PKCS#1 armour, which the settings refuse naming the conversion
        ca.openssl("pkey", "-in", "client.key", "-traditional", "-out", "client-pkcs1.key");
    }

    @AfterAll
    static void stopServers() throws Exception {
        server.close();
        misnamed.close();
        checksClients.close();
    }

    private static TapeStorageBackend open(String url, String... keyValues) {
        Map<String, String> s = new HashMap<>(Map.of("url", url, "prefix", "tls:", "timeout", "5s"));
        for (int i = 0; i < keyValues.length; i += 2) {
            s.put(keyValues[i], keyValues[i + 1]);
        }
        return new RedisStorageProvider().create(StorageSettings.of("redis", s), OpenMode.CREATE);
    }

    @Test
    void aTrustedServerStoresAndRecordsOverTls() {
        assertThat(server.url()).startsWith("rediss://");
        Tape tape = SampleTapes.tape(3, "over-tls", 20, 1);
        try (TapeStorageBackend store = open(server.url(), "tls_ca_file", certs.resolve("ca.pem").toString())) {
            store.save(tape);
            assertThat(store.load(tape.id()).frames()).isEqualTo(tape.frames());
            Tape live = SampleTapes.tape(4, "live-tls", 30, 2);
            try (TapeWriter w = store.openWriter(live.header())) {
                live.frames().forEach(w::append);
                assertThat(w.finish(TapeStatus.FINALIZED).frameCount()).isEqualTo(30);
            }
            assertThat(store.load(live.id()).frames()).isEqualTo(live.frames());
            assertThat(store.health().detail()).startsWith("rediss://127.0.0.1:" + server.port());
        }
    }

    @Test
    void anUntrustedOrMisnamedCertificateIsOneLineSayingWhatToSet() {
        assertThatThrownBy(() -> open(server.url())).isInstanceOf(StorageException.class)
                .hasMessageContaining("TLS handshake").hasMessageContaining("tls_ca_file").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> open(misnamed.url(), "tls_ca_file", certs.resolve("ca.pem").toString()))
                .isInstanceOf(StorageException.class).hasMessageContaining("TLS handshake")
                .hasMessageContaining("name the url's host");
    }

    @Test
    void plainRedisToATlsPortAndCaFileWithoutTlsAreRefused() {
        assertThatThrownBy(() -> open("redis://127.0.0.1:" + server.port() + "/0"))
                .isInstanceOf(StorageException.class).hasMessageContaining("rediss://");
        assertThatThrownBy(() -> open("redis://127.0.0.1:" + server.port() + "/0", "tls_ca_file",
                certs.resolve("ca.pem").toString())).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tls_ca_file").hasMessageContaining("rediss://");
        assertThatThrownBy(() -> open(server.url(), "tls_ca_file", certs.resolve("server.key").toString()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("tls_ca_file");
    }

    @Test
    void aServerThatChecksClientsTakesTheClientCertificate() {
        String ca = certs.resolve("ca.pem").toString();
        Tape tape = SampleTapes.tape(5, "client-cert", 12, 1);
        try (TapeStorageBackend store = open(checksClients.url(), "tls_ca_file", ca,
                "tls_cert_file", certs.resolve("client.pem").toString(),
                "tls_key_file", certs.resolve("client.key").toString())) {
            store.save(tape);
            assertThat(store.load(tape.id()).frames()).isEqualTo(tape.frames());
        }
        // without a certificate, the server ends the handshake: one line naming the settings to give
        assertThatThrownBy(() -> {
            try (TapeStorageBackend store = open(checksClients.url(), "tls_ca_file", ca)) {
                store.save(tape);
            }
        }).isInstanceOf(StorageException.class).hasMessageContaining("tls_cert_file")
                .hasMessageNotContaining("\n");
    }

    @Test
    void badClientCertificateSettingsAreRefusedBeforeConnecting() {
        String ca = certs.resolve("ca.pem").toString();
        String cert = certs.resolve("client.pem").toString();
        String key = certs.resolve("client.key").toString();
        assertThatThrownBy(() -> open(checksClients.url(), "tls_ca_file", ca, "tls_cert_file", cert))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("tls_key_file");
        assertThatThrownBy(() -> open("redis://127.0.0.1:" + checksClients.port() + "/0", "tls_cert_file", cert,
                "tls_key_file", key)).isInstanceOf(InvalidConfigException.class).hasMessageContaining("rediss://");
        assertThatThrownBy(() -> open(checksClients.url(), "tls_ca_file", ca, "tls_cert_file", cert,
                "tls_key_file", certs.resolve("client-pkcs1.key").toString()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("openssl pkcs8 -topk8 -nocrypt")
                .hasMessageNotContaining("MII");
        assertThatThrownBy(() -> open(checksClients.url(), "tls_ca_file", ca, "tls_cert_file", cert,
                "tls_key_file", certs.resolve("stranger.key").toString()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("does not go with tls_cert_file");
        assertThatThrownBy(() -> open(checksClients.url(), "tls_ca_file", ca, "tls_cert_file", key,
                "tls_key_file", key)).isInstanceOf(InvalidConfigException.class).hasMessageContaining("tls_cert_file");
    }
}
