package io.shadowcat.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shadowcat.Shadowcat;
import io.shadowcat.http.HttpRecorder;
import io.shadowcat.recorder.RecordingOptions;
import io.shadowcat.recorder.RecordingResult;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy's rules where things go wrong or get big, against a real HTTP server on loopback (the JDK's,
 * scripted per test) and a real HTTP client: secrets headers relayed but never stored, an unreachable upstream,
 * a 20 MB response, a client leaving mid-stream, an upstream dying mid-stream.
 */
class HttpProxyFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path store;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<RecordingResult> results = new CopyOnWriteArrayList<>();
    private HttpServer upstream;
    private Shadowcat shadowcat;
    private HttpRecorder proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.stop();
        }
        if (shadowcat != null) {
            shadowcat.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    private void startUpstream(String path, com.sun.net.httpserver.HttpHandler handler) throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(Executors.newCachedThreadPool());
        upstream.createContext(path, handler);
        upstream.start();
    }

    private String upstreamUrl(String path) {
        return "http://127.0.0.1:" + upstream.getAddress().getPort() + path;
    }

    private void startProxy(String upstreamUrl) {
        shadowcat = Shadowcat.builder().withStorage("filesystem", Map.of("path", store.toString())).build();
        proxy = HttpRecorder.start(shadowcat.storage(), RecordingOptions.builder().build(), shadowcat.idGenerator(),
                upstreamUrl, new InetSocketAddress("127.0.0.1", 0), results::add);
    }

    private HttpRequest.Builder post(String body) {
        return HttpRequest.newBuilder(URI.create(proxy.clientUrl())).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream");
    }

    private Tape onlyTape() {
        proxy.stop();
        assertEquals(1, results.size(), results.toString());
        return shadowcat.storage().load(results.get(0).tapeId());
    }

    @Test
    void secretHeadersReachTheUpstreamButNeverTheStore() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        startUpstream("/mcp", exchange -> {
            for (String h : List.of("Authorization", "X-Api-Key", "Cookie", "Accept", "Accept-Encoding", "User-Agent")) {
                String value = exchange.getRequestHeaders().getFirst(h);
                seen.put(h, value == null ? "(none)" : value);
            }
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"ok\":true}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Set-Cookie", "sess=setcookie-SECRET-4; HttpOnly");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        startProxy(upstreamUrl("/mcp"));
        HttpResponse<String> response = client.send(post(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"login\","
                        + "\"arguments\":{\"password\":\"hunter2-SECRET-5\"}}}")
                .header("Authorization", "Bearer tok-SECRET-1").header("X-Api-Key", "key-SECRET-2")
                .header("Cookie", "sid=cookie-SECRET-3").build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals("sess=setcookie-SECRET-4; HttpOnly", response.headers().firstValue("Set-Cookie").orElse(null));
        assertEquals("Bearer tok-SECRET-1", seen.get("Authorization"), "relayed untouched");
        assertEquals("key-SECRET-2", seen.get("X-Api-Key"));
        assertEquals("sid=cookie-SECRET-3", seen.get("Cookie"));
        assertEquals("application/json, text/event-stream", seen.get("Accept"));
        assertEquals("(none)", seen.get("Accept-Encoding"), "the proxy adds no header of its own");
        assertTrue(seen.get("User-Agent").startsWith("Java-http-client"), "the client's own User-Agent: " + seen);

        Tape tape = onlyTape();
        JsonNode requestHeaders = tape.frames().get(0).transport().path("http").path("headers");
        assertEquals("[REDACTED]", requestHeaders.path("Authorization").asText());
        assertEquals("[REDACTED]", requestHeaders.path("X-Api-Key").asText());
        assertEquals("[REDACTED]", tape.frames().get(1).transport().path("http").path("headers").path("Set-Cookie").asText());
        try (Stream<Path> files = Files.walk(store)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains("SECRET"), "a secret in the store: " + f + ": " + text);
            }
        }
    }

    @Test
    void aServerThatIssuesNoSessionIdGetsOneTapePerClientConnection() throws Exception {
        startUpstream("/mcp", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String text = new String(request, StandardCharsets.UTF_8);
            String id = text.replaceAll(".*\"id\":(\\d+).*", "$1");
            byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        startProxy(upstreamUrl("/mcp"));
        // one keep-alive connection (Jetty's client, stopped to close it), then another
        for (int connection = 0; connection < 2; connection++) {
            org.eclipse.jetty.client.HttpClient jetty = new org.eclipse.jetty.client.HttpClient();
            jetty.setMaxConnectionsPerDestination(1);
            jetty.start();
            try {
                for (int id = 1; id <= 3; id++) {
                    org.eclipse.jetty.client.ContentResponse r = jetty.POST(proxy.clientUrl())
                            .body(new org.eclipse.jetty.client.StringRequestContent("application/json",
                                    "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}"))
                            .send();
                    assertEquals(200, r.getStatus());
                }
            } finally {
                jetty.stop();
            }
        }
        proxy.stop();
        assertEquals(2, results.size(), "a tape per client connection: " + results);
        for (RecordingResult r : results) {
            Tape tape = shadowcat.storage().load(r.tapeId());
            assertEquals(6, tape.frames().size(), "three requests and their responses on one connection");
            assertEquals(3, tape.correlations().size());
            assertEquals(List.of(1L, 1L, 2L, 2L, 3L, 3L), tape.frames().stream()
                    .map(f -> f.transport().path("http").path("exchange").asLong()).toList());
        }
    }

    @Test
    void aResumedGetStreamIsRecordedWithItsLastEventIdAndEachEventsId() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        startUpstream("/mcp", exchange -> {
            seen.put("method", exchange.getRequestMethod());
            seen.put("Last-Event-ID", String.valueOf(exchange.getRequestHeaders().getFirst("Last-Event-ID")));
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write((event(4) + event(5)).getBytes(StandardCharsets.UTF_8));
            }
        });
        startProxy(upstreamUrl("/mcp"));
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(proxy.clientUrl())).GET()
                .header("Accept", "text/event-stream").header("Mcp-Session-Id", "s-1")
                .header("MCP-Protocol-Version", "2025-06-18").header("Last-Event-ID", "e3").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(event(4) + event(5), response.body(), "the events as the server sent them");
        assertEquals("GET", seen.get("method"));
        assertEquals("e3", seen.get("Last-Event-ID"));

        Tape tape = onlyTape();
        assertEquals("s-1", tape.header().sessionId());
        assertEquals(List.of("e4", "e5"), tape.frames().stream()
                .map(f -> f.transport().path("http").path("event_id").asText()).toList());
        for (Frame f : tape.frames()) {
            JsonNode http = f.transport().path("http");
            assertEquals("GET", http.path("method").asText());
            assertEquals("e3", http.path("last_event_id").asText());
            assertEquals("s-1", http.path("session_id").asText());
            assertEquals(200, http.path("status").asInt());
            assertEquals("text/event-stream", http.path("content_type").asText());
        }
    }

    @Test
    void anUnreachableUpstreamGetsTheClientA502WithAJsonRpcErrorOnTheTape() throws Exception {
        startProxy("http://127.0.0.1:" + EverythingHttpServer.freePort() + "/mcp");
        HttpResponse<String> response = client.send(post(
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"initialize\",\"params\":{}}").build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(502, response.statusCode());
        JsonNode error = JSON.readTree(response.body());
        assertEquals(7, error.path("id").asInt(), response.body());
        assertEquals(-32000, error.path("error").path("code").asInt());
        assertTrue(error.path("error").path("message").asText().contains("cannot be reached"), response.body());

        Tape tape = onlyTape();
        assertEquals(2, tape.frames().size());
        JsonNode http = tape.frames().get(1).transport().path("http");
        assertEquals(502, http.path("status").asInt());
        assertTrue(http.path("proxy").asBoolean());
        assertEquals(JSON.readTree(response.body()), tape.frames().get(1).message());
    }

    @Test
    void aTwentyMegabyteResponseArrivesWholeAndIsRecorded() throws Exception {
        String text = "x".repeat(20 << 20);
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"text\":\"" + text + "\"}}").getBytes(StandardCharsets.UTF_8);
        startUpstream("/mcp", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < body.length; i += 65_536) {
                    out.write(body, i, Math.min(65_536, body.length - i));
                }
            }
        });
        startProxy(upstreamUrl("/mcp"));
        HttpResponse<byte[]> response = client.send(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"big\"}").build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, response.statusCode());
        assertArrayEquals(body, response.body());
        Tape tape = onlyTape();
        assertEquals(2, tape.frames().size());
        assertEquals(text.length(), tape.frames().get(1).message().path("result").path("text").asText().length());
        assertTrue(results.get(0).complete(), results.toString());
    }

    @Test
    void aGzippedResponseIsRelayedAsSentAndRecordedInflated() throws Exception {
        String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"text\":\"" + "z".repeat(50_000) + "\"}}";
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        byte[] encoded = gz.toByteArray();
        startUpstream("/mcp", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, encoded.length);
            exchange.getResponseBody().write(encoded);
            exchange.close();
        });
        startProxy(upstreamUrl("/mcp"));
        HttpResponse<byte[]> response = client.send(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"big\"}")
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(null));
        assertArrayEquals(encoded, response.body(), "the client gets the server's bytes");
        Tape tape = onlyTape();
        assertEquals(JSON.readTree(json), tape.frames().get(1).message(), "the tape holds the message, inflated");
        assertTrue(results.get(0).complete(), results.toString());
    }

    @Test
    void aClientLeavingMidStreamCancelsTheUpstreamRequest() throws Exception {
        CompletableFuture<String> upstreamEnded = new CompletableFuture<>();
        startUpstream("/mcp", exchange -> streamForever(exchange, upstreamEnded));
        startProxy(upstreamUrl("/mcp"));
        HttpResponse<InputStream> response = client.send(post(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\"}}").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (InputStream events = response.body()) {
            readUntil(events, "\n\n"); // the first event arrived as the server sent it, unbuffered
        } // the client goes away mid-stream

        // the upstream's writes fail once the proxy has cancelled its request (bounded: never a timed assertion)
        assertEquals("cancelled", upstreamEnded.get(60, TimeUnit.SECONDS));
        awaitNoOpenExchanges();
        Tape tape = onlyTape();
        assertTrue(tape.frames().size() >= 2, "the request and the events relayed before the client left");
    }

    @Test
    void aClientLeavingAQuietStreamIsNoticedWithoutAWrite() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        startUpstream("/mcp", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(event(1).getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                release.await(); // then nothing more: a quiet stream, as a GET stream mostly is
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        try {
            startProxy(upstreamUrl("/mcp"));
            HttpResponse<InputStream> response = client.send(post(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"quiet\"}}")
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream events = response.body()) {
                readUntil(events, "\n\n");
            }
            awaitNoOpenExchanges();
        } finally {
            release.countDown();
        }
    }

    @Test
    void anUpstreamDyingMidStreamCutsTheClientsStreamAndTheProxyGoesOn() throws Exception {
        startUpstream("/mcp", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(event(1).getBytes(StandardCharsets.UTF_8));
            out.flush();
            upstream.stop(0); // the server dies: its connections close without ending the stream
        });
        startProxy(upstreamUrl("/mcp"));
        HttpResponse<InputStream> response = client.send(post(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\"}}").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        String seen;
        try (InputStream events = response.body()) {
            seen = readAll(events);
        }
        assertTrue(seen.contains("\"progress\":1"), seen);
        assertFalse(seen.contains("\"result\""), "the stream ended without its response: " + seen);
        awaitNoOpenExchanges();

        HttpResponse<String> after = client.send(post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(502, after.statusCode(), "the proxy still answers: the upstream is gone");
    }

    private static String event(int n) {
        return "id: e" + n + "\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":"
                + "{\"progressToken\":1,\"progress\":" + n + "}}\n\n";
    }

    /** An SSE response that sends an event every few milliseconds until its writes fail. */
    private static void streamForever(HttpExchange exchange, CompletableFuture<String> ended) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            for (int n = 1; n < 1_000_000; n++) {
                out.write(event(n).getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(5); // pacing the upstream's stream, not synchronising the test
            }
            ended.complete("never cancelled");
        } catch (IOException e) {
            ended.complete("cancelled");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended.complete("interrupted");
        } finally {
            exchange.close();
        }
    }

    private void awaitNoOpenExchanges() throws InterruptedException {
        // the proxy ends an exchange on its own threads once both sides are done; bounded, never a timed assertion
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (proxy.openExchanges() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, proxy.openExchanges(), "every exchange ended: no request left holding a thread or a stream");
    }

    private static void readUntil(InputStream in, String end) throws IOException {
        StringBuilder seen = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            seen.append((char) c);
            if (seen.indexOf(end) >= 0) {
                return;
            }
        }
        throw new AssertionError("stream ended before " + end.replace("\n", "\\n") + ": " + seen);
    }

    private static String readAll(InputStream in) {
        StringBuilder seen = new StringBuilder();
        try {
            int c;
            while ((c = in.read()) >= 0) {
                seen.append((char) c);
            }
        } catch (IOException cut) {
            // the stream was cut: what arrived before is what counts
        }
        return seen.toString();
    }
}
