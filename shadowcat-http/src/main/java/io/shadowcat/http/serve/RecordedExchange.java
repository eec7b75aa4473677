package io.shadowcat.http.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The HTTP exchange a frame crossed, as stored in the frame's transport metadata under {@value #KEY}
 * (next to stdio's {@code {"stdio":{"process_id":..}}}):
 * <pre>{"http":{"method":"POST","path":"/mcp","status":200,"content_type":"text/event-stream",
 *          "event_id":"..","session_id":"..","protocol_version":"2025-06-18","mcp_method":"tools/call",
 *          "mcp_name":"echo","last_event_id":null}}</pre>
 * For a client frame it is the request that carried it; for a server frame, the request whose response
 * carried it: {@code POST} (the JSON body or SSE stream answering a POST) or {@code GET} (a standalone or
 * legacy event stream). Absent fields are unknown.
 *
 * @param method the HTTP method of the exchange
 * @param path the request path, query excluded
 * @param status the response status, or null for a client frame or when not known
 * @param contentType the response's content type (server frames), or null
 * @param eventId the SSE event id the message came in, or null
 * @param sessionId the {@code Mcp-Session-Id} of the exchange, or null
 * @param protocolVersion the {@code MCP-Protocol-Version} header, or null
 * @param mcpMethod the {@code Mcp-Method} header, or null
 * @param mcpName the {@code Mcp-Name} header, or null
 * @param lastEventId the {@code Last-Event-ID} of a resuming GET, or null
 */
public record HttpFrameMetadata(String method, String path, Integer status, String contentType, String eventId,
                                String sessionId, String protocolVersion, String mcpMethod, String mcpName,
                                String lastEventId) {

    /** The key of the HTTP metadata in a frame's transport object. */
    public static final String KEY = "http";

    /** The HTTP metadata of a frame's transport object, or null when it has none (stdio, or no metadata). */
    public static HttpFrameMetadata of(JsonNode transport) {
        JsonNode http = transport == null ? null : transport.get(KEY);
        if (http == null || !http.isObject()) {
            return null;
        }
        JsonNode status = http.get("status");
        return new HttpFrameMetadata(text(http, "method"), text(http, "path"),
                status != null && status.canConvertToInt() ? status.intValue() : null, text(http, "content_type"),
                text(http, "event_id"), text(http, "session_id"), text(http, "protocol_version"),
                text(http, "mcp_method"), text(http, "mcp_name"), text(http, "last_event_id"));
    }

    /** This metadata as a frame's transport object: {@code {"http":{..}}}, unknown fields left out. */
    public ObjectNode toTransport() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode http = root.putObject(KEY);
        put(http, "method", method);
        put(http, "path", path);
        if (status != null) {
            http.put("status", status);
        }
        put(http, "content_type", contentType);
        put(http, "event_id", eventId);
        put(http, "session_id", sessionId);
        put(http, "protocol_version", protocolVersion);
        put(http, "mcp_method", mcpMethod);
        put(http, "mcp_name", mcpName);
        put(http, "last_event_id", lastEventId);
        return root;
    }

    /** True when the method is {@code method} (case-insensitive). */
    public boolean isMethod(String method) {
        return this.method != null && this.method.equalsIgnoreCase(method);
    }

    /** True when the response was a server-sent event stream. */
    public boolean isEventStream() {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(McpHttpHeaders.EVENT_STREAM);
    }

    /** True when the response was a JSON body. */
    public boolean isJson() {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(McpHttpHeaders.JSON);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
