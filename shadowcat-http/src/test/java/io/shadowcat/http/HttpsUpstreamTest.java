package io.shadowcat.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.Shadowcat;
import io.shadowcat.recorder.RecordingOptions;
import io.shadowcat.recorder.RecordingResult;
import io.shadowcat.tape.Tape;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code https://} upstream whose certificate is from a private CA, made with {@code openssl} at test time:
 * recorded when the proxy is given that CA, refused (a 502 naming TLS and the option) when it is not or when
 * the certificate names another host, and a CA file that is no CA file is refused before the proxy starts.
 */
class HttpsUpstreamTest {

    private static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"over\":\"tls\"}}";

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<RecordingResult> results = new CopyOnWriteArrayList<>();
    private Server upstream;
    private int upstreamPort;
    private Shadowcat shadowcat;
    private HttpRecorder proxy;

    @BeforeEach
    void makeCa() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=shadowcat test CA");
        shadowcat = Shadowcat.builder().withStorage("memory", Map.of()).build();
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
        shadowcat.close();
        if (upstream != null) {
            upstream.stop();
        }
    }

    @Test
    void anUpstreamOfAPrivateCaIsRecordedWhenTheProxyIsGivenItsCa() throws Exception {
        startUpstream("subjectAltName=IP:127.0.0.1");
        startProxy(dir.resolve("ca.pem"));

        HttpResponse<String> response = post();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(ANSWER);

        proxy.stop();
        assertThat(results).singleElement().satisfies(r -> assertThat(r.complete()).isTrue());
        Tape tape = shadowcat.storage().load(results.get(0).tapeId());
        assertThat(tape.frames()).extracting(f -> f.text()).containsExactly(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", ANSWER);
        assertThat(tape.metadata().transport().url()).isEqualTo(upstreamUrl());
    }

    @Test
    void withoutItsCaTheClientGetsA502NamingTlsAndTheOption() throws Exception {
        startUpstream("subjectAltName=IP:127.0.0.1");
        startProxy(null);

        HttpResponse<String> response = post();
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("\"id\":1", "TLS failed", "--upstream-ca");
    }

    @Test
    void aCertificateForAnotherHostIsRefusedEvenFromTheTrustedCa() throws Exception {
        startUpstream("subjectAltName=DNS:elsewhere.example");
        startProxy(dir.resolve("ca.pem"));

        HttpResponse<String> response = post();
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("TLS failed");
    }

    @Test
    void aCaFileThatIsMissingOrNoCertificateIsRefusedBeforeTheProxyStarts() throws IOException {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> startProxyTo("https://127.0.0.1:1/mcp", missing))
                .isInstanceOf(UpstreamCaException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("cannot be read");
        Path key = dir.resolve("ca.key"); // a PEM file, but a key
        assertThatThrownBy(() -> startProxyTo("https://127.0.0.1:1/mcp", key))
                .isInstanceOf(UpstreamCaException.class).hasMessageContaining(key.toString())
                .hasMessageContaining("BEGIN CERTIFICATE");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> startProxyTo("https://127.0.0.1:1/mcp", empty))
                .isInstanceOf(UpstreamCaException.class).hasMessageContaining(empty.toString());
    }

    private HttpResponse<String> post() throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(proxy.clientUrl()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String upstreamUrl() {
        return "https://127.0.0.1:" + upstreamPort + "/mcp";
    }

    private void startProxy(Path ca) {
        startProxyTo(upstreamUrl(), ca);
    }

    private void startProxyTo(String url, Path ca) {
        proxy = HttpRecorder.start(shadowcat.storage(), RecordingOptions.builder().build(), shadowcat.idGenerator(),
                url, ca, new InetSocketAddress("127.0.0.1", 0), results::add);
    }

    /** A Jetty https server answering every POST with {@link #ANSWER}, its certificate signed by the test CA. */
    private void startUpstream(String subjectAltName) throws Exception {
        Files.writeString(dir.resolve("server.ext"), subjectAltName + "\n");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=shadowcat test server");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
        openssl("pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key", "-out", "server.p12",
                "-passout", "pass:changeit", "-name", "server");

        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(dir.resolve("server.p12").toString());
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePassword("changeit");
        upstream = new Server();
        ServerConnector connector = new ServerConnector(upstream, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory());
        connector.setHost("127.0.0.1");
        upstream.addConnector(connector);
        upstream.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Content.Source.asString(request, StandardCharsets.UTF_8);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.wrap(ANSWER.getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        upstream.start();
        upstreamPort = connector.getLocalPort();
    }

    /** Runs {@code openssl ARGS} in the test's directory; fails loudly when openssl is missing or fails. */
    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("openssl is missing: install Debian's openssl, as .ci/run does", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
    }
}
