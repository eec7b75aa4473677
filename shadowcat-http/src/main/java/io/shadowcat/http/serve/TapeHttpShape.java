package io.shadowcat.http.serve;

import io.shadowcat.http.wire.McpHeaders;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TransportInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * What a tape says about the HTTP server to stand in for: its paths, whether it issued session ids, how it
 * answered POSTs, and the status answers it gave to GET and DELETE (e.g. 405: no standalone stream). A
 * stdio tape says nothing; the defaults are documented on {@link HttpReplayServer}.
 *
 * @param transport the tape's transport type ({@code stdio}, {@code streamable-http}, {@code sse}, ...)
 * @param mcpPath the Streamable HTTP endpoint (POST, GET, DELETE)
 * @param ssePath the legacy transport's event stream (GET)
 * @param messagePath the legacy transport's POST endpoint
 * @param issuesSessions the server assigned an {@code Mcp-Session-Id} (always true for a stdio tape)
 * @param postAnswers how the recorded server answered POSTed requests when the tape does not say for one:
 *     {@code text/event-stream}, {@code application/json}, or null (stdio tape: by the client's Accept)
 * @param getAnswer the recorded error answer to a GET on {@code mcpPath}, or null (a GET opens a stream)
 * @param deleteAnswer the recorded error answer to a DELETE, or null (a DELETE ends the session)
 */
record TapeHttpShape(String transport, String mcpPath, String ssePath, String messagePath, boolean issuesSessions,
                     String postAnswers, StatusAnswer getAnswer, StatusAnswer deleteAnswer) {

    /** The transport types an HTTP recording stores in the tape's {@link TransportInfo#type()}. */
    static final String STREAMABLE_HTTP = "streamable-http";
    static final String SSE = "sse";

    static final String DEFAULT_MCP_PATH = "/mcp";
    static final String DEFAULT_SSE_PATH = "/sse";
    static final String DEFAULT_MESSAGE_PATH = "/message";

    /**
     * A status the recorded server answered with, its body as recorded (a JSON-RPC error's text, or null when it
     * sent none) and its {@code Allow} header (or null when the tape does not have it).
     */
    record StatusAnswer(int status, String body, String allow) {
    }

    boolean isStreamableHttpTape() {
        return STREAMABLE_HTTP.equals(transport);
    }

    static TapeHttpShape of(Tape tape) {
        TransportInfo info = tape.metadata() == null ? null : tape.metadata().transport();
        String transport = info == null || info.type() == null ? "stdio" : info.type();
        String mcpPath = DEFAULT_MCP_PATH;
        String ssePath = DEFAULT_SSE_PATH;
        String messagePath = DEFAULT_MESSAGE_PATH;
        boolean sawHttp = false;
        boolean sessions = false;
        String postAnswers = null;
        StatusAnswer getAnswer = null;
        StatusAnswer deleteAnswer = null;
        boolean sawEndpoint = false;
        for (Frame frame : tape.frames()) {
            RecordedExchange http = RecordedExchange.of(frame.transport());
            if (http == null) {
                continue;
            }
            sawHttp = true;
            sessions |= http.sessionId() != null;
            if (frame.direction() == Direction.CLIENT_TO_SERVER) {
                if (http.isMethod("POST") && http.path() != null) {
                    if (SSE.equals(transport)) {
                        if (sawEndpoint) {
                            continue; // the endpoint event named it
                        }
                        messagePath = http.path();
                    } else {
                        mcpPath = http.path();
                    }
                }
                continue;
            }
            if (SSE.equals(transport) && http.isMethod("GET") && http.path() != null) {
                ssePath = http.path(); // the legacy stream carried every server message
            }
            if (http.endpoint() != null && !sawEndpoint) {
                sawEndpoint = true;
                messagePath = endpointPath(http.endpoint(), messagePath); // what the server announced
            }
            if (http.isMethod("POST") && postAnswers == null && !http.noMessage()
                    && (http.isEventStream() || http.isJson())) {
                postAnswers = http.isEventStream() ? McpHeaders.EVENT_STREAM : RecordedExchange.JSON;
            }
            if (isStatusAnswer(frame, http)) {
                StatusAnswer answer = new StatusAnswer(http.status(), http.noMessage() ? null : frame.text(),
                        http.allow());
                if (http.isMethod("GET") && getAnswer == null) {
                    getAnswer = answer;
                } else if (http.isMethod("DELETE") && deleteAnswer == null) {
                    deleteAnswer = answer;
                }
            }
        }
        return new TapeHttpShape(transport, mcpPath, ssePath, messagePath, !sawHttp || sessions, postAnswers,
                getAnswer, deleteAnswer);
    }

    /** The path of the legacy transport's announced endpoint (absolute URL or not), query excluded. */
    private static String endpointPath(String endpoint, String fallback) {
        try {
            String path = java.net.URI.create(endpoint.trim()).getPath();
            return path == null || path.isEmpty() ? fallback : path;
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    /**
     * The tape without its HTTP-only frames (error bodies the server answered a GET or DELETE with, and the
     * frames of responses that carried no message): they are no message of the conversation, so replay (over
     * stdio or HTTP) does not send them as one.
     */
    static Tape conversation(Tape tape) {
        List<Frame> kept = new ArrayList<>(tape.frames().size());
        for (Frame frame : tape.frames()) {
            RecordedExchange http = RecordedExchange.of(frame.transport());
            if (http == null || !http.noMessage() && !isStatusAnswer(frame, http)) {
                kept.add(frame);
            }
        }
        return kept.size() == tape.frames().size() ? tape : new Tape(tape.header(), kept, tape.correlations());
    }

    // An error status to a GET or DELETE: the server refusing the exchange, not answering a request.
    private static boolean isStatusAnswer(Frame frame, RecordedExchange http) {
        return frame.direction() == Direction.SERVER_TO_CLIENT && http.status() != null && http.status() >= 400
                && (http.isMethod("GET") || http.isMethod("DELETE"));
    }
}
