package io.shadowcat.http.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.replay.MatchMode;
import io.shadowcat.replay.ReplayOptions;
import io.shadowcat.replay.ReplayServer;
import io.shadowcat.tape.Tape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP replay server's protocol, driven by a plain HTTP client on loopback: sessions, 202, 400/404/405,
 * SSE versus JSON answers as recorded, the standalone stream, resumption, the legacy transport, and a tape
 * recorded over HTTP replayed over stdio. (The SDK clients are in shadowcat-cli's ReplayHttpIT.)
 */
class HttpReplayServerTest {

    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"2\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String SLOW = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\","
            + "\"arguments\":{},\"_meta\":{\"progressToken\":\"mine\"}}}";
    private static final String BOTH = "application/json, text/event-stream";

    private final HttpClient http = HttpClient.newHttpClient();
    private HttpReplayServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private URI start(Tape tape, MatchMode mode) throws IOException {
        server = HttpReplayServer.start(tape, new ReplayOptions(mode, 0), "127.0.0.1", 0);
        return server.endpoint();
    }

    @Test
    void aStdioTapeGivesEveryClientItsOwnSessionAndAnswersAsSseWithTheClientsProgressToken() throws Exception {
        URI mcp = start(TestTapes.stdio(), MatchMode.SEQUENTIAL);
        HttpResponse<String> init = post(mcp, null, INIT, BOTH);
        assertThat(init.statusCode()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(events(init.body())).singleElement().satisfies(m -> {
            assertThat(m.get("id").asInt()).isEqualTo(1); // the client's id, not the recorded 0
            assertThat(m.at("/result/serverInfo/name").asText()).isEqualTo("taped");
        });

        HttpResponse<String> accepted = post(mcp, session, INITIALIZED, BOTH);
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).isEmpty();

        HttpResponse<String> slow = post(mcp, session, SLOW, BOTH);
        assertThat(slow.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        List<JsonNode> events = events(slow.body());
        assertThat(events).hasSize(2);
        assertThat(events.get(0).at("/params/progressToken").asText()).isEqualTo("mine");
        assertThat(events.get(1).get("id").asInt()).isEqualTo(5);
        assertThat(events.get(1).at("/result/content/0/text").asText()).isEqualTo("slow done");
        // the log the server sent after the response waits on the standalone stream, for the client's GET
        try (Stream<String> get = openGet(mcp, session, null)) {
            assertThat(firstEvent(get.iterator()).at("/params/data").asText()).isEqualTo("after");
        }

        // a second client starts from the tape's beginning (sequential: its initialize gets the recorded one)
        HttpResponse<String> other = post(mcp, null, INIT, BOTH);
        assertThat(other.headers().firstValue("Mcp-Session-Id").orElseThrow()).isNotEqualTo(session);
        assertThat(events(other.body()).get(0).has("result")).isTrue();
    }

    @Test
    void recordedMessagesGoOutAsTheTapeHoldsTheirTextButForTheIdAndTheProgressToken() throws Exception {
        URI mcp = start(TestTapes.streamableHttpVerbatim(), MatchMode.SEQUENTIAL);
        HttpResponse<String> init = post(mcp, null, INIT, BOTH);
        assertThat(init.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(init.body()).isEqualTo(TestTapes.VERBATIM_INIT.replace("\"id\": 0", "\"id\": 1"));
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        post(mcp, session, INITIALIZED, BOTH);

        HttpResponse<String> slow = post(mcp, session, SLOW, BOTH);
        assertThat(slow.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        assertThat(dataLines(slow.body())).containsExactly(
                TestTapes.VERBATIM_PROGRESS.replace("\"progressToken\" : 7", "\"progressToken\" : \"mine\""),
                TestTapes.VERBATIM_RESULT.replace("\"id\":1", "\"id\":5"));
    }

    @Test
    void aClientThatAcceptsOnlyJsonGetsJsonAndTheNotificationsOnItsStandaloneStream() throws Exception {
        URI mcp = start(TestTapes.stdio(), MatchMode.METHOD_PARAMS);
        String session = post(mcp, null, INIT, "application/json").headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> slow = post(mcp, session, SLOW, "application/json");
        assertThat(slow.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(TestTapes.JSON.readTree(slow.body()).at("/result/content/0/text").asText()).isEqualTo("slow done");
        try (Stream<String> get = openGet(mcp, session, null)) {
            Iterator<String> lines = get.iterator();
            assertThat(firstEvent(lines).at("/params/progressToken").asText()).isEqualTo("mine");
            assertThat(firstEvent(lines).at("/params/data").asText()).isEqualTo("after");
        }
    }

    @Test
    void sessionsAreRequiredUnknownOnesAre404AndDeleteEndsOne() throws Exception {
        URI mcp = start(TestTapes.stdio(), MatchMode.METHOD_PARAMS);
        assertThat(post(mcp, null, SLOW, BOTH).statusCode()).as("no session id").isEqualTo(400);
        assertThat(post(mcp, "nobody", SLOW, BOTH).statusCode()).as("unknown session").isEqualTo(404);
        String session = post(mcp, null, INIT, BOTH).headers().firstValue("Mcp-Session-Id").orElseThrow();

        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(mcp).DELETE().header("Mcp-Session-Id", session).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(200);
        HttpResponse<String> after = post(mcp, session, SLOW, BOTH);
        assertThat(after.statusCode()).isEqualTo(404);
        assertThat(TestTapes.JSON.readTree(after.body()).at("/error/message").asText()).contains("it was ended");
        assertThat(post(mcp, null, "not json", BOTH).statusCode()).isEqualTo(400);
        assertThat(server.stats().requests()).isEqualTo(1);
    }

    @Test
    void anHttpTapeIsAnsweredAsRecordedSseOrJsonAnd405ToGet() throws Exception {
        URI mcp = start(TestTapes.streamableHttp(true), MatchMode.METHOD_PARAMS);
        HttpResponse<String> init = post(mcp, null, INIT, BOTH);
        assertThat(init.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(session).as("a fresh id, not the recorded one").isNotEqualTo("recorded-session");

        HttpResponse<String> slow = post(mcp, session, SLOW, BOTH);
        assertThat(slow.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        assertThat(events(slow.body())).extracting(m -> m.path("method").asText("response"))
                .containsExactly("notifications/progress", "response");

        HttpResponse<String> list = post(mcp, session, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\"}", BOTH);
        assertThat(list.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(TestTapes.JSON.readTree(list.body()).get("id").asInt()).isEqualTo(9);

        HttpResponse<String> get = http.send(HttpRequest.newBuilder(mcp).GET().header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.body()).contains("Method not allowed.");
    }

    @Test
    void whatTheServerSentOnItsStandaloneStreamIsSentThereNotOnThePostsStream() throws Exception {
        URI mcp = start(TestTapes.streamableHttpWithStandaloneLog(), MatchMode.METHOD_PARAMS);
        String session = post(mcp, null, INIT, BOTH).headers().firstValue("Mcp-Session-Id").orElseThrow();
        try (Stream<String> get = openGet(mcp, session, null)) {
            List<JsonNode> answer = events(post(mcp, session, SLOW, BOTH).body());
            assertThat(answer).singleElement().satisfies(m -> assertThat(m.get("id").asInt()).isEqualTo(5));
            assertThat(firstEvent(get.iterator()).at("/params/data").asText()).isEqualTo("on the GET stream");
        }
    }

    @Test
    void aTapeOfAServerWithoutSessionIdsIsServedWithoutAndCannotBeDeleted() throws Exception {
        URI mcp = start(TestTapes.streamableHttp(false), MatchMode.METHOD_PARAMS);
        HttpResponse<String> init = post(mcp, null, INIT, BOTH);
        assertThat(init.statusCode()).isEqualTo(200);
        assertThat(init.headers().firstValue("Mcp-Session-Id")).isEmpty();
        assertThat(post(mcp, null, SLOW, BOTH).statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(mcp).DELETE().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(405);
    }

    @Test
    void aStreamWaitingForTheClientsAnswerResumesByLastEventIdOnANewConnection() throws Exception {
        URI mcp = start(TestTapes.stdio(), MatchMode.METHOD_PARAMS);
        String session = post(mcp, null, INIT, BOTH).headers().firstValue("Mcp-Session-Id").orElseThrow();
        String ask = "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\",\"arguments\":{}}}";
        String eventId;
        String samplingId;
        // The POST's stream carries the server's sampling request, then waits for the client's answer: the client
        // reads that one event and drops the connection.
        try (Stream<String> lines = http.send(request(mcp, session, ask, BOTH), HttpResponse.BodyHandlers.ofLines()).body()) {
            Iterator<String> it = lines.iterator();
            String id = null;
            String line;
            while (!(line = it.next()).startsWith("data: ")) {
                id = line.startsWith("id: ") ? line.substring(4) : id;
            }
            eventId = id;
            JsonNode sampling = TestTapes.JSON.readTree(line.substring(6));
            assertThat(sampling.get("method").asText()).isEqualTo("sampling/createMessage");
            samplingId = sampling.get("id").toString();
        }
        assertThat(eventId).isNotNull();
        HttpResponse<String> answer = post(mcp, session, "{\"jsonrpc\":\"2.0\",\"id\":" + samplingId
                + ",\"result\":{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"hi\"},\"model\":\"m\"}}", BOTH);
        assertThat(answer.statusCode()).isEqualTo(202);

        // the tool's response went to the dropped stream; a GET with Last-Event-ID gets it, then the stream ends
        HttpResponse<String> resumed = http.send(HttpRequest.newBuilder(mcp).GET().header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session).header("Last-Event-ID", eventId).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(events(resumed.body())).singleElement().satisfies(m -> {
            assertThat(m.get("id").asInt()).isEqualTo(6);
            assertThat(m.at("/result/content/0/text").asText()).isEqualTo("asked");
        });
    }

    @Test
    void withSpeedThePacedMessagesKeepTheTapesOrderOnTheRequestsStream() throws Exception {
        server = HttpReplayServer.start(TestTapes.stdio(), new ReplayOptions(MatchMode.METHOD_PARAMS, 1000), "127.0.0.1", 0);
        URI mcp = server.endpoint();
        String session = post(mcp, null, INIT, BOTH).headers().firstValue("Mcp-Session-Id").orElseThrow();
        List<JsonNode> events = events(post(mcp, session, SLOW, BOTH).body());
        assertThat(events).extracting(m -> m.path("method").asText("response"))
                .containsExactly("notifications/progress", "response");
        assertThat(events.get(0).at("/params/progressToken").asText()).isEqualTo("mine");
    }

    @Test
    void concurrentClientsEachGetTheirOwnSessionAndAnswers() throws Exception {
        URI mcp = start(TestTapes.stdio(), MatchMode.SEQUENTIAL);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> clients = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                clients.add(pool.submit((Callable<String>) () -> {
                    String session = post(mcp, null, INIT, BOTH).headers().firstValue("Mcp-Session-Id").orElseThrow();
                    List<JsonNode> answer = events(post(mcp, session, SLOW.replace("\"id\":5", "\"id\":" + (100 + n)), BOTH).body());
                    // sequential: every session's first tools/call gets the tape's first, whatever the others did
                    assertThat(answer.get(answer.size() - 1).get("id").asInt()).isEqualTo(100 + n);
                    assertThat(answer.get(answer.size() - 1).at("/result/content/0/text").asText()).isEqualTo("slow done");
                    return session;
                }));
            }
            Set<String> sessions = new HashSet<>();
            for (Future<String> client : clients) {
                sessions.add(client.get());
            }
            assertThat(sessions).hasSize(16);
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.sessions()).isEqualTo(16);
        assertThat(server.stats().unmatched()).isZero();
    }

    @Test
    void theLegacySseTransportNamesItsEndpointAndAnswersOnTheStream() throws Exception {
        start(TestTapes.stdio(), MatchMode.METHOD_PARAMS);
        try (Stream<String> stream = http.send(HttpRequest.newBuilder(server.sseEndpoint()).GET()
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines()).body()) {
            Iterator<String> lines = stream.iterator();
            List<String> first = List.of(lines.next(), lines.next(), lines.next()); // event, id and data fields
            assertThat(first).contains("event: endpoint").anyMatch(l -> l.startsWith("id: "));
            String endpoint = first.stream().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow().substring(6);
            assertThat(endpoint).startsWith("/message?sessionId=");
            URI post = server.sseEndpoint().resolve(endpoint);
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(post).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(INIT)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(firstEvent(lines).at("/result/serverInfo/name").asText()).isEqualTo("taped");
            http.send(HttpRequest.newBuilder(post).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(SLOW)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(firstEvent(lines).at("/params/progressToken").asText()).isEqualTo("mine");
            assertThat(firstEvent(lines).get("id").asInt()).isEqualTo(5);
        }
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(server.sseEndpoint().resolve("/message?sessionId=x"))
                .POST(HttpRequest.BodyPublishers.ofString(INIT)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void anHttpTapeReplaysOverStdioWithoutItsHttpOnlyAnswers() {
        Tape tape = HttpReplayServer.conversationOf(TestTapes.streamableHttp(true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String in = INIT + "\n" + INITIALIZED + "\n" + SLOW + "\n";
        new ReplayServer(tape, ReplayOptions.defaults()).serve(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), out);
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .hasSize(3)
                .noneMatch(line -> line.contains("Method not allowed"))
                .anyMatch(line -> line.contains("\"progressToken\":\"mine\""));
    }

    // --- a small HTTP client ---

    private HttpRequest request(URI mcp, String session, String body, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(mcp).header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return b.build();
    }

    private HttpResponse<String> post(URI mcp, String session, String body, String accept) throws IOException, InterruptedException {
        return http.send(request(mcp, session, body, accept), HttpResponse.BodyHandlers.ofString());
    }

    private Stream<String> openGet(URI mcp, String session, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(mcp).GET().header("Accept", "text/event-stream").header("Mcp-Session-Id", session);
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** Each SSE event's data, as sent, in a whole stream body. */
    private static List<String> dataLines(String body) {
        List<String> data = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }
        return data;
    }

    /** The JSON of each SSE event's data in a whole stream body. */
    private static List<JsonNode> events(String body) throws IOException {
        List<JsonNode> messages = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                messages.add(TestTapes.JSON.readTree(line.substring(6)));
            }
        }
        return messages;
    }

    /** Reads a live stream up to the next event's data. */
    private static JsonNode firstEvent(Iterator<String> lines) throws IOException {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data: ")) {
                return TestTapes.JSON.readTree(line.substring(6));
            }
        }
        throw new AssertionError("the stream ended before an event");
    }
}
