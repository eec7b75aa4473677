package io.shadowcat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.Shadowcat;
import io.shadowcat.http.HttpRecorder;
import io.shadowcat.recorder.RecordingOptions;
import io.shadowcat.recorder.RecordingResult;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.tape.TransportInfo;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record --upstream} against the real mcp-server-everything over Streamable HTTP and HTTP+SSE, driven by
 * the official TypeScript SDK client: the client gets the same results through the proxy as directly, and each
 * session's tape holds every message both sides exchanged, with its HTTP metadata.
 */
class HttpRecordTest {

    @TempDir
    Path store;

    /** A proxy recording into {@link #store}, with every finished tape's result. */
    final class Proxy implements AutoCloseable {
        final Shadowcat shadowcat = Shadowcat.builder().withStorage("filesystem", Map.of("path", store.toString())).build();
        final List<RecordingResult> results = new CopyOnWriteArrayList<>();
        final CompletableFuture<RecordingResult> firstFinished = new CompletableFuture<>();
        final HttpRecorder recorder;

        Proxy(String upstream) {
            recorder = HttpRecorder.start(shadowcat.storage(), RecordingOptions.builder().build(),
                    shadowcat.idGenerator(), upstream, new InetSocketAddress("127.0.0.1", 0), r -> {
                        results.add(r);
                        firstFinished.complete(r);
                    });
        }

        /** The first tape to finish while the proxy runs (bounded wait, never a timed assertion). */
        RecordingResult awaitFirstFinished() throws Exception {
            return firstFinished.get(60, TimeUnit.SECONDS);
        }

        /** Stops the proxy: every tape finished. */
        List<RecordingResult> stop() {
            recorder.stop();
            return results;
        }

        Tape load(RecordingResult r) {
            return shadowcat.storage().load(r.tapeId());
        }

        @Override
        public void close() {
            recorder.stop();
            shadowcat.close();
        }
    }

    @Test
    void streamableHttpThroughTheProxyGivesTheClientWhatItGetsDirectly() throws Exception {
        try (EverythingHttpServer server = EverythingHttpServer.start("streamableHttp"); Proxy proxy = new Proxy(server.url())) {
            JsonNode direct = NodeHttpClient.run(server.url(), "streamable");
            JsonNode recorded = NodeHttpClient.run(proxy.recorder.clientUrl(), "streamable");
            assertSameResults(direct, recorded);
            // the client's DELETE ends the session: its tape is finished while the proxy goes on
            RecordingResult deleted = proxy.awaitFirstFinished();
            assertTrue(deleted.complete(), deleted.toString());
            assertEquals(0, proxy.recorder.openTapes());

            List<RecordingResult> results = proxy.stop();
            assertEquals(1, results.size(), "one session, one tape: " + results);
            RecordingResult result = results.get(0);
            assertTrue(result.complete(), result.toString());
            Tape tape = proxy.load(result);
            assertEquals(TransportInfo.STREAMABLE_HTTP, tape.header().metadata().transport().type());
            assertEquals(server.url(), tape.header().metadata().transport().url());
            assertEquals(TapeStatus.FINALIZED, tape.header().metadata().status());
            assertCompleteSession(tape, 3);
            String sessionId = tape.header().sessionId();
            for (Frame f : tape.frames()) {
                JsonNode http = f.transport().path("http");
                assertTrue(http.path("exchange").asLong() >= 1, f.toString());
                assertEquals("/mcp", http.path("path").asText(), f.toString());
                if (f.direction() == Direction.SERVER_TO_CLIENT) {
                    // a response that carried no message (the 202 to a notification) has no content type
                    assertTrue(http.has("status") && (http.has("content_type") || isNoMessage(f)), f.toString());
                }
                if (!"initialize".equals(f.method())) {
                    assertEquals(sessionId, http.path("session_id").asText(), "every frame names the session: " + f);
                }
            }
        }
    }

    @Test
    void legacySseThroughTheProxyGivesTheClientWhatItGetsDirectly() throws Exception {
        try (EverythingHttpServer server = EverythingHttpServer.start("sse"); Proxy proxy = new Proxy(server.url())) {
            JsonNode direct = NodeHttpClient.run(server.url(), "sse");
            JsonNode recorded = NodeHttpClient.run(proxy.recorder.clientUrl(), "sse");
            assertSameResults(direct, recorded);
            // the client closed its SSE connection: the session is over, its tape finished while the proxy goes on
            proxy.awaitFirstFinished();

            List<RecordingResult> results = proxy.stop();
            assertEquals(1, results.size(), "one SSE connection, one tape: " + results);
            Tape tape = proxy.load(results.get(0));
            assertEquals(TransportInfo.SSE, tape.header().metadata().transport().type());
            assertCompleteSession(tape, 3);
            Frame endpoint = tape.frames().get(0);
            assertTrue(isNoMessage(endpoint) && endpoint.transport().path("http").path("endpoint").asText()
                    .startsWith("/message?sessionId="), "the endpoint event comes first: " + endpoint);
            for (Frame f : tape.frames()) {
                JsonNode http = f.transport().path("http");
                boolean posted = f.direction() == Direction.CLIENT_TO_SERVER || isNoMessage(f) && !http.has("endpoint");
                assertEquals(posted ? "/message" : "/sse", http.path("path").asText(),
                        "requests are POSTed to the endpoint (and answered 202), everything else comes on the SSE "
                                + "stream: " + f);
            }
        }
    }

    @Test
    void fiftyConcurrentSessionsEachGetTheirOwnCompleteTape() throws Exception {
        try (EverythingHttpServer server = EverythingHttpServer.start("streamableHttp"); Proxy proxy = new Proxy(server.url())) {
            JsonNode direct = NodeHttpClient.run(server.url(), "streamable");
            JsonNode all = NodeHttpClient.run(proxy.recorder.clientUrl(), "streamable", "--sessions", "50");
            assertEquals(50, all.path("sessions").size());
            for (JsonNode session : all.path("sessions")) {
                assertSameResults(direct, session);
            }
            List<RecordingResult> results = proxy.stop();
            assertEquals(50, results.size(), "one tape per session");
            Set<String> sessions = new HashSet<>();
            for (RecordingResult r : results) {
                assertTrue(r.complete(), r.toString());
                Tape tape = proxy.load(r);
                sessions.add(tape.header().sessionId());
                assertCompleteSession(tape, 3);
            }
            assertEquals(50, sessions.size(), "every tape its own session");
        }
    }

    /** A frame standing for a response (or the legacy endpoint event) that carried no JSON-RPC message. */
    static boolean isNoMessage(Frame f) {
        return f.transport() != null && f.transport().path("http").path("no_message").asBoolean(false);
    }

    /**
     * Everything the client got is the same, but for how many progress notifications its handler saw before the
     * call's result: the SDK may drop the last one when the result overtakes it on the client's side (seen directly,
     * without the proxy), so that is checked on the tape, which holds all three the server sent.
     */
    private static void assertSameResults(JsonNode direct, JsonNode recorded) {
        ObjectNode d = direct.deepCopy();
        ObjectNode r = recorded.deepCopy();
        List<Integer> steps = new ArrayList<>();
        r.remove("progress").forEach(p -> steps.add(p.get(0).asInt()));
        d.remove("progress");
        assertEquals(d, r);
        assertTrue(!steps.isEmpty() && List.of(1, 2, 3).subList(0, steps.size()).equals(steps), "progress " + steps);
    }

    /**
     * The tape holds the client's session in order: initialize first, every request answered after it was sent,
     * the progress notifications before the long-running call's result.
     */
    static void assertCompleteSession(Tape tape, int progressNotifications) {
        List<Frame> frames = tape.frames().stream().filter(f -> !isNoMessage(f)).toList();
        assertEquals("initialize", frames.get(0).method(), "the session starts with initialize");
        Map<String, Long> requests = new java.util.HashMap<>();
        Set<String> answered = new HashSet<>();
        int progress = 0;
        long longRunRequest = -1;
        List<String> methods = new ArrayList<>();
        for (Frame f : frames) {
            JsonNode m = f.message();
            if (f.direction() == Direction.CLIENT_TO_SERVER && m.has("method")) {
                methods.add(m.get("method").asText());
            }
            if (m.has("method") && m.has("id")) {
                requests.put(f.direction() + ":" + m.get("id"), f.seq());
                if ("trigger-long-running-operation".equals(f.toolName())) {
                    longRunRequest = f.seq();
                }
            } else if (m.has("id") && (m.has("result") || m.has("error"))) {
                Direction asked = f.direction() == Direction.SERVER_TO_CLIENT ? Direction.CLIENT_TO_SERVER
                        : Direction.SERVER_TO_CLIENT;
                Long sent = requests.get(asked + ":" + m.get("id"));
                assertNotNull(sent, "a response to a request on the tape: " + f);
                assertTrue(sent < f.seq());
                answered.add(asked + ":" + m.get("id"));
            } else if ("notifications/progress".equals(m.path("method").asText())) {
                assertTrue(longRunRequest >= 0 && f.seq() > longRunRequest);
                progress++;
            }
        }
        assertEquals(requests.keySet(), answered, "every request answered on the tape");
        assertEquals(progressNotifications, progress);
        for (String method : List.of("initialize", "notifications/initialized", "tools/list", "tools/call",
                "resources/list", "resources/read", "prompts/list", "prompts/get", "ping", "no/such-method")) {
            assertTrue(methods.contains(method), method + " on the tape: " + methods);
        }
    }
}
