package io.shadowcat.tape;

import java.util.List;

/**
 * How the recorded session was carried: stdio with the server's command line and pid, or HTTP
 * ({@value #STREAMABLE_HTTP} or the legacy {@value #SSE}) with the upstream server's URL.
 *
 * @param type {@code stdio}, {@value #STREAMABLE_HTTP} or {@value #SSE} (other values are kept as read)
 * @param command the server's program (stdio), or null
 * @param args the program's arguments (stdio), empty otherwise
 * @param processId the server's pid (stdio), or null
 * @param url the upstream server's URL (HTTP), userinfo and query values masked; null for stdio
 */
public record TransportInfo(String type, String command, List<String> args, Long processId, String url) {

    /** The transport type of MCP's Streamable HTTP (spec revisions 2025-03-26 and later). */
    public static final String STREAMABLE_HTTP = "streamable-http";
    /** The transport type of MCP's legacy HTTP+SSE transport (spec revision 2024-11-05). */
    public static final String SSE = "sse";

    public TransportInfo {
        args = args == null ? List.of() : List.copyOf(args);
    }

    /** A transport without a URL (stdio, or as an older tape describes it). */
    public TransportInfo(String type, String command, List<String> args, Long processId) {
        this(type, command, args, processId, null);
    }

    public static TransportInfo stdio(String command, List<String> args, Long processId) {
        return new TransportInfo("stdio", command, args, processId, null);
    }

    /**
     * An HTTP transport.
     *
     * @param type {@value #STREAMABLE_HTTP} or {@value #SSE}
     * @param maskedUrl the upstream URL, secrets already masked: it is stored as given
     */
    public static TransportInfo http(String type, String maskedUrl) {
        return new TransportInfo(type, null, List.of(), null, maskedUrl);
    }

    /** True for the stdio transport. */
    public boolean isStdio() {
        return "stdio".equals(type);
    }
}
