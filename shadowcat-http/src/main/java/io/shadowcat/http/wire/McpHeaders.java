package io.shadowcat.http.wire;

/** The HTTP header names MCP's HTTP transports define (header names are case-insensitive). */
public final class McpHeaders {

    /** The session the server assigned in its {@code initialize} response (Streamable HTTP). */
    public static final String SESSION_ID = "Mcp-Session-Id";
    /** The negotiated protocol version, sent by the client on every request after initialization. */
    public static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
    /** The JSON-RPC method of the request body (2026-07-28). */
    public static final String METHOD = "Mcp-Method";
    /** The tool, prompt or resource the request names (2026-07-28). */
    public static final String NAME = "Mcp-Name";
    /** The last SSE event the client saw, when it resumes a stream. */
    public static final String LAST_EVENT_ID = "Last-Event-ID";
    /** The media type of an SSE stream. */
    public static final String EVENT_STREAM = "text/event-stream";
    /** The legacy transport's first SSE event: its data is the URL to POST messages to. */
    public static final String ENDPOINT_EVENT = "endpoint";

    private McpHeaders() {
    }
}
