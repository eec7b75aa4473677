package io.shadowcat.http.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.http.wire.HttpFrameTransport;
import io.shadowcat.http.wire.McpHeaders;
import java.util.Locale;

/**
 * What replay needs of the HTTP exchange a frame was recorded in ({@link HttpFrameTransport}): for a client
 * frame the request that carried it, for a server frame the request whose response carried it ({@code POST}:
 * a JSON body or the SSE stream answering a POST; {@code GET}: a standalone or legacy event stream).
 *
 * @param method the HTTP method of the exchange
 * @param path the request path, query excluded
 * @param status the response status (server frames), or null
 * @param contentType the response's content type (server frames), or null
 * @param sessionId the exchange's {@code Mcp-Session-Id}, or null
 * @param noMessage the frame stands for a response (or the legacy {@code endpoint} event) that carried no
 *     JSON-RPC message ({@link HttpFrameTransport#NO_MESSAGE}): never sent as a message
 * @param allow the response's recorded {@code Allow} header, or null
 * @param endpoint the legacy transport's announced POST endpoint (its {@code endpoint} event), or null
 */
record RecordedExchange(String method, String path, Integer status, String contentType, String sessionId,
                        boolean noMessage, String allow, String endpoint) {

    static final String JSON = "application/json";

    /** The exchange of a frame's transport metadata, or null when it was not recorded over HTTP. */
    static RecordedExchange of(JsonNode frameTransport) {
        JsonNode http = HttpFrameTransport.of(frameTransport);
        if (http == null) {
            return null;
        }
        JsonNode status = http.get(HttpFrameTransport.STATUS);
        return new RecordedExchange(text(http, HttpFrameTransport.METHOD), text(http, HttpFrameTransport.PATH),
                status != null && status.canConvertToInt() ? status.intValue() : null,
                text(http, HttpFrameTransport.CONTENT_TYPE), text(http, HttpFrameTransport.SESSION_ID),
                HttpFrameTransport.isNoMessage(http), header(http, "Allow"), text(http, HttpFrameTransport.ENDPOINT));
    }

    /** A recorded header's value, its name matched ignoring case, or null. */
    private static String header(JsonNode http, String name) {
        JsonNode headers = http.get(HttpFrameTransport.HEADERS);
        if (headers == null || !headers.isObject()) {
            return null;
        }
        for (var it = headers.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name) && e.getValue().isTextual()) {
                return e.getValue().asText();
            }
        }
        return null;
    }

    /** True when the method is {@code method} (case-insensitive). */
    boolean isMethod(String method) {
        return this.method != null && this.method.equalsIgnoreCase(method);
    }

    /** True when the response was a server-sent event stream. */
    boolean isEventStream() {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(McpHeaders.EVENT_STREAM);
    }

    /** True when the response was a JSON body. */
    boolean isJson() {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(JSON);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
