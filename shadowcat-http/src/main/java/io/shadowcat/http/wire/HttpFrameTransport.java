package io.shadowcat.http.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The per-frame metadata of a message recorded over HTTP, stored as the frame's {@code transport}:
 * <pre>{"http": {"exchange": 3, "method": "POST", "path": "/mcp", "status": 200,
 *           "content_type": "text/event-stream", "event_id": "...", "session_id": "...",
 *           "protocol_version": "2025-06-18", "mcp_method": "tools/call", "mcp_name": "echo",
 *           "last_event_id": "...", "headers": {"Accept": "...", "Authorization": "[REDACTED]"}}}</pre>
 * Fields that do not apply are absent. {@code exchange} numbers the tape's HTTP exchanges from 1: every
 * frame of one request and its response shares it (a POST's body, the SSE events answering it; a GET
 * stream's events). {@code method}, {@code path} (without the query) and the MCP request headers are the
 * request's; {@code status} and {@code content_type} are the response's on server-to-client frames and
 * absent on client-to-server ones; {@code session_id} is the request's {@code Mcp-Session-Id}, or for a
 * response the one it assigned. {@code headers} appears on the first frame of a request and on the first
 * frame of a response only: every header but the hop-by-hop ones, secrets as {@value SecretHeaders#MASK}
 * ({@link SecretHeaders}). A response the proxy made itself (the upstream was unreachable) has
 * {@code "proxy": true}.
 *
 * <p>A response that carried no JSON-RPC message (a {@code 202}, a {@code 405} or {@code 404} without a body,
 * a bodyless answer to a DELETE, a body that is not JSON) is a frame all the same, so that replay knows its
 * status and headers (e.g. {@code Allow}) instead of guessing: its message is {@code {}} and its
 * metadata has {@code "no_message": true}. So is the legacy transport's {@code endpoint} event, with
 * {@code "sse_event": "endpoint"} and the announced URL as {@code "endpoint"}. Replay never sends such a
 * frame as a message.
 */
public final class HttpFrameTransport {

    /** The key of the frame's transport object. */
    public static final String KEY = "http";
    public static final String EXCHANGE = "exchange";
    public static final String METHOD = "method";
    public static final String PATH = "path";
    public static final String STATUS = "status";
    public static final String CONTENT_TYPE = "content_type";
    public static final String EVENT_ID = "event_id";
    public static final String SESSION_ID = "session_id";
    public static final String PROTOCOL_VERSION = "protocol_version";
    public static final String MCP_METHOD = "mcp_method";
    public static final String MCP_NAME = "mcp_name";
    public static final String LAST_EVENT_ID = "last_event_id";
    public static final String HEADERS = "headers";
    public static final String PROXY = "proxy";
    public static final String NO_MESSAGE = "no_message";
    public static final String SSE_EVENT = "sse_event";
    public static final String ENDPOINT = "endpoint";
    /** The message of a frame that carries none ({@value #NO_MESSAGE}): an empty JSON object. */
    public static final String NO_MESSAGE_TEXT = "{}";

    private final ObjectNode root = JsonNodeFactory.instance.objectNode();
    private final ObjectNode http = root.putObject(KEY);

    private HttpFrameTransport() {
    }

    /** Starts the metadata of one frame of the given exchange. */
    public static HttpFrameTransport of(long exchange, String method, String path) {
        HttpFrameTransport t = new HttpFrameTransport();
        t.http.put(EXCHANGE, exchange);
        t.http.put(METHOD, method);
        t.http.put(PATH, path);
        return t;
    }

    /** Sets a text field, unless the value is null. */
    public HttpFrameTransport put(String field, String value) {
        if (value != null) {
            http.put(field, value);
        }
        return this;
    }

    public HttpFrameTransport status(int status) {
        http.put(STATUS, status);
        return this;
    }

    /** True when a frame's {@code http} object ({@link #of(JsonNode)}) marks it as carrying no message. */
    public static boolean isNoMessage(JsonNode http) {
        return http != null && http.path(NO_MESSAGE).asBoolean(false);
    }

    /** Marks a response the proxy made itself. */
    public HttpFrameTransport proxy() {
        http.put(PROXY, true);
        return this;
    }

    /** The headers as stored: secrets are masked here, whatever the caller passes. */
    public HttpFrameTransport headers(Iterable<Map.Entry<String, String>> headers) {
        ObjectNode h = http.putObject(HEADERS);
        for (Map.Entry<String, String> e : headers) {
            String stored = SecretHeaders.stored(e.getKey(), e.getValue());
            JsonNode previous = h.get(e.getKey());
            // a repeated header keeps every value, joined as HTTP would fold them
            h.put(e.getKey(), previous == null ? stored : previous.asText() + ", " + stored);
        }
        return this;
    }

    /** The metadata as the frame stores it. */
    public ObjectNode toJson() {
        return root; // built once per frame: no copy
    }

    /** The {@code http} object of a frame's transport, or null when the frame was not recorded over HTTP. */
    public static JsonNode of(JsonNode frameTransport) {
        JsonNode http = frameTransport == null ? null : frameTransport.get(KEY);
        return http != null && http.isObject() ? http : null;
    }
}
