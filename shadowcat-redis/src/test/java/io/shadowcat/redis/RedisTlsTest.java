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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://} against Debian's redis-server speaking TLS only, with a CA and certificates {@code openssl}
 * makes here: trusted through {@code tls_ca_file}; refused, in one line saying what to set, when the CA is not
 * given, when the certificate names another host, and when the url says redis:// to a TLS port.
 */
class RedisTlsTest {

    @TempDir
    static Path certs;

    private static RedisServer server;
    private static RedisServer misnamed;

    @BeforeAll
    static void startServers() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=shadowcat test CA");
        certificate("server", "subjectAltName=IP:127.0.0.1");
        certificate("elsewhere", "subjectAltName=DNS:elsewhere.example");
        server = RedisServer.startTls(certs.resolve("server.pem"), certs.resolve("server.key"), certs.resolve("ca.pem"));
        misnamed = RedisServer.startTls(certs.resolve("elsewhere.pem"), certs.resolve("elsewhere.key"),
                certs.resolve("ca.pem"));
    }

    @AfterAll
    static void stopServers() throws Exception {
        server.close();
        misnamed.close();
    }

    // A key and a certificate signed by the test CA, with the given subjectAltName.
    private static void certificate(String name, String san) throws Exception {
        Files.writeString(certs.resolve(name + ".ext"), san + "\n");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj",
                "/CN=" + name);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(certs.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("openssl is missing: install Debian's openssl, as .ci/run does", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
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
}
