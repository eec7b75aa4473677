package io.shadowcat.http.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shadowcat.http.wire.HttpFrameTransport;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TransportInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-written tapes: one as a stdio recording has it, and HTTP-shaped ones with per-frame metadata. */
final class TestTapes {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String INIT_RESULT = "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},"
            + "\"serverInfo\":{\"name\":\"taped\",\"version\":\"1\"}}";

    private final List<Frame> frames = new ArrayList<>();
    private final String transport;

    private TestTapes(String transport) {
        this.transport = transport;
    }

    /** A stdio session: initialize, a tools/call with progress then a log after its response, a sampling call. */
    static Tape stdio() {
        return new TestTapes(null)
                .client("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"recorded\",\"version\":\"1\"}}}", null)
                .server("{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":" + INIT_RESULT + "}", null)
                .client("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", null)
                .client("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":{},"
                        + "\"_meta\":{\"progressToken\":\"rec-token\"}}}", null)
                .server("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"rec-token\","
                        + "\"progress\":1,\"total\":1}}", null)
                .server("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"slow done\"}]}}", null)
                .server("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"after\"}}", null)
                .client("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\",\"arguments\":{}}}", null)
                .server("{\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"method\":\"sampling/createMessage\",\"params\":{\"messages\":[],"
                        + "\"maxTokens\":5}}", null)
                .client("{\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"result\":{\"role\":\"assistant\",\"content\":{\"type\":\"text\","
                        + "\"text\":\"hi\"},\"model\":\"m\"}}", null)
                .server("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"asked\"}]}}", null)
                .tape();
    }

    /**
     * A Streamable HTTP session whose server issued a session id, answered tools/call as SSE (progress first)
     * and tools/list as JSON, and refused GET with 405.
     */
    static Tape streamableHttp(boolean sessionIds) {
        String sid = sessionIds ? "recorded-session" : null;
        return new TestTapes("streamable-http")
                .client("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"recorded\",\"version\":\"1\"}}}", http("POST", null, null, sid))
                .server("{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":" + INIT_RESULT + "}", http("POST", 200, "application/json", sid))
                .client("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", http("POST", null, null, sid))
                .server("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":\"Method not allowed.\"}}",
                        http("GET", 405, "application/json", sid))
                .client("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":{},"
                        + "\"_meta\":{\"progressToken\":7}}}", http("POST", null, null, sid))
                .server("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":7,"
                        + "\"progress\":1}}", http("POST", 200, "text/event-stream", sid))
                .server("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"slow done\"}]}}",
                        http("POST", 200, "text/event-stream", sid))
                .client("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", http("POST", null, null, sid))
                .server("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[]}}", http("POST", 200, "application/json", sid))
                .tape();
    }

    /** A Streamable HTTP session whose server sent a log on its standalone GET stream while a tools/call was open. */
    static Tape streamableHttpWithStandaloneLog() {
        String sid = "recorded-session";
        return new TestTapes("streamable-http")
                .client("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{}}", http("POST", null, null, null))
                .server("{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":" + INIT_RESULT + "}", http("POST", 200, "application/json", sid))
                .client("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":{},"
                        + "\"_meta\":{\"progressToken\":7}}}", http("POST", null, null, sid))
                .server("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\","
                        + "\"data\":\"on the GET stream\"}}", http("GET", 200, "text/event-stream", sid))
                .server("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}", http("POST", 200, "text/event-stream", sid))
                .tape();
    }

    /** A server frame's text as written (spaces, key order, escapes, 1e2) in {@link #streamableHttpVerbatim()}. */
    static final String VERBATIM_INIT = "{\"jsonrpc\": \"2.0\", \"id\": 0, \"result\": {\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"version\":\"1\",\"name\":\"caf\\u00e9\"},\"n\":1e2}}";
    static final String VERBATIM_PROGRESS = "{\"method\":\"notifications/progress\",\"jsonrpc\":\"2.0\",\"params\":"
            + "{\"progress\":1.0, \"progressToken\" : 7 ,\"total\":10E0}}";
    static final String VERBATIM_RESULT = "{ \"result\":{\"content\":[{\"type\":\"text\",\"text\":\"slow \\u0064one\"}]},"
            + "\"id\":1, \"jsonrpc\":\"2.0\" }";

    /** A Streamable HTTP session whose server's messages are not in compact form: initialize (JSON), tools/call (SSE). */
    static Tape streamableHttpVerbatim() {
        String sid = "recorded-session";
        return new TestTapes("streamable-http")
                .client("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{}}", http("POST", null, null, null))
                .server(VERBATIM_INIT, http("POST", 200, "application/json", sid))
                .client("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", http("POST", null, null, sid))
                .client("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":{},"
                        + "\"_meta\":{\"progressToken\":7}}}", http("POST", null, null, sid))
                .server(VERBATIM_PROGRESS, http("POST", 200, "text/event-stream", sid))
                .server(VERBATIM_RESULT, http("POST", 200, "text/event-stream", sid))
                .tape();
    }

    private static JsonNode http(String method, Integer status, String contentType, String sessionId) {
        HttpFrameTransport http = HttpFrameTransport.of(1, method, "/mcp")
                .put(HttpFrameTransport.CONTENT_TYPE, contentType).put(HttpFrameTransport.SESSION_ID, sessionId);
        return (status == null ? http : http.status(status)).toJson();
    }

    private TestTapes client(String json, JsonNode transport) {
        return add(Direction.CLIENT_TO_SERVER, json, transport);
    }

    private TestTapes server(String json, JsonNode transport) {
        return add(Direction.SERVER_TO_CLIENT, json, transport);
    }

    private TestTapes add(Direction direction, String json, JsonNode transport) {
        try {
            // the text as written is the frame's: replay sends it
            frames.add(new Frame(frames.size(), frames.size(), direction, JSON.readTree(json), transport, null, null,
                    null, json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private Tape tape() {
        TapeMetadata metadata = TapeMetadata.named("test");
        if (transport != null) {
            metadata = metadata.withTransport(new TransportInfo(transport, null, List.of(), null));
        }
        return new Tape(new TapeHeader(TapeId.of("t-" + (transport == null ? "stdio" : "http")), "s",
                Instant.parse("2026-01-01T00:00:00Z"), "2025-06-18", metadata), frames, List.of());
    }
}
