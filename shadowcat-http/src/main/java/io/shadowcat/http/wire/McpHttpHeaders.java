package io.shadowcat.http.wire;

/**
 * The HTTP header names MCP's HTTP transports use, written once for the proxy and the replay server.
 * Header names are case-insensitive on the wire; these are the spellings the specification uses.
 */
public final class McpHttpHeaders {

    /** The session the server assigned (Streamable HTTP), sent back by the client on every later request. */
    public static final String SESSION_ID = "Mcp-Session-Id";
    /** The protocol revision the client negotiated (Streamable HTTP, 2025-06-18 and later). */
    public static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
    /** The JSON-RPC method of the request's body (2026-07-28). */
    public static final String METHOD = "Mcp-Method";
    /** The tool, prompt or resource the request names (2026-07-28). */
    public static final String NAME = "Mcp-Name";
    /** The last SSE event id the client saw, sent on a GET that resumes a stream. */
    public static final String LAST_EVENT_ID = "Last-Event-ID";
    /** The media type of a server-sent event stream. */
    public static final String EVENT_STREAM = "text/event-stream";
    /** The media type of a JSON body. */
    public static final String JSON = "application/json";

    private McpHttpHeaders() {
    }
}
