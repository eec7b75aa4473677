package io.shadowcat.http.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.http.wire.McpHeaders;
import io.shadowcat.replay.ReplayOptions;
import io.shadowcat.replay.ReplayStats;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes HTTP requests to replayed sessions: Streamable HTTP (POST, GET, DELETE on the MCP path) and the
 * legacy HTTP+SSE transport (GET on the SSE path, POST on its message endpoint), on one port.
 */
final class ReplayHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayHandler.class);
    private static final ObjectMapper JSON = TapeJson.mapper();

    private final Tape tape;
    private final TapeHttpShape shape;
    private final ReplayOptions options;
    private final Map<String, HttpReplaySession> sessions = new ConcurrentHashMap<>();
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    private final HttpReplaySession stateless; // the one session of a tape whose server issued no ids, else null
    private final LongAdder requests = new LongAdder();
    private final LongAdder unmatched = new LongAdder();
    private final LongAdder emitted = new LongAdder();
    private final LongAdder sessionCount = new LongAdder();

    ReplayHandler(Tape tape, TapeHttpShape shape, ReplayOptions options) {
        this.tape = tape;
        this.shape = shape;
        this.options = options;
        this.stateless = shape.issuesSessions() ? null : newSession(null, false);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (path.equals(shape.mcpPath())) {
            switch (method) {
                case "POST":
                    return post(request, response, callback);
                case "GET":
                    return get(request, response, callback);
                case "DELETE":
                    return delete(request, response, callback);
                default:
                    response.getHeaders().put(HttpHeader.ALLOW, "GET, POST, DELETE");
                    return error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, -32000,
                            "Method not allowed: " + method);
            }
        }
        if (path.equals(shape.ssePath()) && "GET".equals(method)) {
            return openLegacy(request, response, callback);
        }
        if (path.equals(shape.messagePath()) && "POST".equals(method)) {
            return postLegacy(request, response, callback);
        }
        return error(response, callback, HttpStatus.NOT_FOUND_404, -32000, "Not found: " + method + " " + path
                + " (this replay serves " + shape.mcpPath() + ", " + shape.ssePath() + " and " + shape.messagePath() + ")");
    }

    /** What every session did so far, ended ones included. */
    ReplayStats stats() {
        long r = requests.sum();
        long u = unmatched.sum();
        long e = emitted.sum();
        for (HttpReplaySession s : sessions.values()) {
            ReplayStats live = s.replay().stats();
            r += live.requests();
            u += live.unmatched();
            e += live.emitted();
        }
        if (stateless != null) {
            ReplayStats live = stateless.replay().stats();
            r += live.requests();
            u += live.unmatched();
            e += live.emitted();
        }
        return new ReplayStats(r, u, e);
    }

    long sessionsServed() {
        return sessionCount.sum();
    }

    /** Ends every session: paced messages go out, streams close. */
    void endAll() {
        sessions.keySet().forEach(this::endSession);
        if (stateless != null) {
            stateless.end();
        }
    }

    // --- Streamable HTTP ---

    private boolean post(Request request, Response response, Callback callback) throws IOException {
        JsonNode message = readBody(request, response, callback);
        if (message == null) {
            return true;
        }
        Set<String> requestIds = new HashSet<>();
        boolean initialize = collectRequests(message, requestIds);
        HttpReplaySession session = stateless;
        if (session == null) {
            String id = request.getHeaders().get(McpHeaders.SESSION_ID);
            if (id != null) {
                session = sessions.get(id);
                if (session == null) {
                    return unknownSession(response, callback, id);
                }
            } else if (initialize) {
                session = newSession(UUID.randomUUID().toString(), false);
                session.replay().start(session.standaloneChannel());
            } else {
                return error(response, callback, HttpStatus.BAD_REQUEST_400, -32000,
                        "Bad Request: No valid session ID provided (send " + McpHeaders.SESSION_ID
                                + " as the initialize response gave it)");
            }
            response.getHeaders().put(McpHeaders.SESSION_ID, session.id());
        }
        if (requestIds.isEmpty()) {
            // Notifications and answers to server requests: accepted; what they cause goes where it belongs.
            session.receive(message, session.standaloneChannel());
            response.setStatus(HttpStatus.ACCEPTED_202);
            callback.succeeded();
            return true;
        }
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        boolean acceptsSse = accept == null || accept.contains(McpHeaders.EVENT_STREAM) || accept.contains("*/*");
        request.addIdleTimeoutListener(timeout -> false); // a long tool call's stream is not idle
        session.receive(message, new PostReply(session, shape, response, callback, acceptsSse, requestIds));
        return true;
    }

    private boolean get(Request request, Response response, Callback callback) {
        if (shape.getAnswer() != null) {
            return recorded(response, callback, shape.getAnswer());
        }
        HttpReplaySession session = sessionOf(request, response, callback);
        if (session == null) {
            return true;
        }
        String lastEventId = request.getHeaders().get(McpHeaders.LAST_EVENT_ID);
        EventStream stream = lastEventId == null ? null : session.streamOf(lastEventId);
        if (stream == null && session.standalone().hasLiveConnection()) {
            return error(response, callback, HttpStatus.CONFLICT_409, -32000,
                    "Conflict: only one SSE stream is allowed per session");
        }
        if (stream == null) {
            stream = session.standalone();
        }
        if (session.id() != null) {
            response.getHeaders().put(McpHeaders.SESSION_ID, session.id());
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, McpHeaders.EVENT_STREAM);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        request.addIdleTimeoutListener(timeout -> false); // a standalone stream may stay quiet for long
        ResponseSink sink = ResponseSink.open(response, callback);
        if (sink != null) {
            stream.attach(sink, lastEventId == null ? -1 : stream.positionOf(lastEventId));
        }
        return true;
    }

    private boolean delete(Request request, Response response, Callback callback) {
        if (shape.deleteAnswer() != null) {
            return recorded(response, callback, shape.deleteAnswer());
        }
        if (stateless != null) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, POST");
            return error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, -32000,
                    "Method not allowed: the recorded server issued no sessions to end");
        }
        HttpReplaySession session = sessionOf(request, response, callback);
        if (session == null) {
            return true;
        }
        endSession(session.id());
        callback.succeeded();
        return true;
    }

    // --- legacy HTTP+SSE (2024-11-05) ---

    private boolean openLegacy(Request request, Response response, Callback callback) {
        HttpReplaySession session = newSession(UUID.randomUUID().toString(), true);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, McpHeaders.EVENT_STREAM);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        request.addIdleTimeoutListener(timeout -> false);
        // The legacy session lives as long as its stream: it ends when the connection fails or a write finds
        // the client gone (HTTP/1.1 reads nothing while the response is open, so a quiet stream's loss shows then).
        request.addFailureListener(failure -> endSession(session.id()));
        // Not on the writing thread: it may be the session's pacer, which ending the session waits for.
        session.standalone().onClientGone(() -> CompletableFuture.runAsync(() -> endSession(session.id())));
        ResponseSink sink = ResponseSink.open(response, callback);
        if (sink == null) {
            endSession(session.id());
            return true;
        }
        session.standalone().send(McpHeaders.ENDPOINT_EVENT, shape.messagePath() + "?sessionId=" + session.id());
        session.standalone().attach(sink, -1);
        session.replay().start(session.standaloneChannel());
        return true;
    }

    private boolean postLegacy(Request request, Response response, Callback callback) throws IOException {
        String id = Request.extractQueryParameters(request).getValue("sessionId");
        if (id == null) {
            return error(response, callback, HttpStatus.BAD_REQUEST_400, -32000,
                    "Bad Request: the sessionId query parameter is missing (use the endpoint the SSE stream named)");
        }
        HttpReplaySession session = sessions.get(id);
        if (session == null) {
            return unknownSession(response, callback, id);
        }
        JsonNode message = readBody(request, response, callback);
        if (message == null) {
            return true;
        }
        session.receive(message, session.standaloneChannel());
        response.setStatus(HttpStatus.ACCEPTED_202);
        Content.Sink.write(response, true, "Accepted", callback);
        return true;
    }

    // --- shared ---

    private HttpReplaySession newSession(String id, boolean legacy) {
        HttpReplaySession session = new HttpReplaySession(id, tape, options, legacy);
        sessionCount.increment();
        if (id != null) {
            sessions.put(id, session);
        }
        return session;
    }

    private void endSession(String id) {
        HttpReplaySession session = sessions.remove(id);
        if (session == null) {
            return;
        }
        ended.add(id);
        ReplayStats stats = session.end();
        if (stats != null) {
            requests.add(stats.requests());
            unmatched.add(stats.unmatched());
            emitted.add(stats.emitted());
        }
    }

    private HttpReplaySession sessionOf(Request request, Response response, Callback callback) {
        if (stateless != null) {
            return stateless;
        }
        String id = request.getHeaders().get(McpHeaders.SESSION_ID);
        if (id == null) {
            error(response, callback, HttpStatus.BAD_REQUEST_400, -32000,
                    "Bad Request: No valid session ID provided (" + McpHeaders.SESSION_ID + " header missing)");
            return null;
        }
        HttpReplaySession session = sessions.get(id);
        if (session == null) {
            unknownSession(response, callback, id);
        }
        return session;
    }

    private boolean unknownSession(Response response, Callback callback, String id) {
        // Over the wire the id is the client's own; it is no secret, but a long one is cut short.
        String shown = id.length() > 64 ? id.substring(0, 64) + "..." : id;
        return error(response, callback, HttpStatus.NOT_FOUND_404, -32001, "Session not found: " + shown
                + (ended.contains(id) ? " (it was ended)" : "") + "; initialize a new session");
    }

    /** The POST's JSON body, or null after answering 400 (not JSON) or 415. */
    private JsonNode readBody(Request request, Response response, Callback callback) throws IOException {
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        try {
            JsonNode message = JSON.readTree(body);
            if (message != null && (message.isObject() || message.isArray())) {
                return message;
            }
        } catch (IOException e) {
            LOG.debug("replay: a POST body is not JSON: {}", e.getMessage());
        }
        error(response, callback, HttpStatus.BAD_REQUEST_400, -32700, "Parse error: the body is not a JSON-RPC message");
        return null;
    }

    /** Notes the ids of the requests in {@code message}; true when one is {@code initialize}. */
    private static boolean collectRequests(JsonNode message, Set<String> ids) {
        boolean initialize = false;
        Iterable<JsonNode> elements = message.isArray() ? message : java.util.List.of(message);
        for (JsonNode element : elements) {
            if (element.hasNonNull("method") && element.hasNonNull("id")) {
                ids.add(element.get("id").toString());
                initialize |= "initialize".equals(element.get("method").asText());
            }
        }
        return initialize;
    }

    private static boolean recorded(Response response, Callback callback, TapeHttpShape.StatusAnswer answer) {
        response.setStatus(answer.status());
        if (answer.allow() != null) {
            response.getHeaders().put(HttpHeader.ALLOW, answer.allow()); // as the recorded server said
        } else if (answer.status() == HttpStatus.METHOD_NOT_ALLOWED_405) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST, DELETE"); // a tape from before no_message frames
        }
        if (answer.body() == null) {
            callback.succeeded();
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, RecordedExchange.JSON);
        Content.Sink.write(response, true, answer.body(), callback);
        return true;
    }

    private static boolean error(Response response, Callback callback, int status, int code, String text) {
        ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0");
        body.putObject("error").put("code", code).put("message", text);
        body.putNull("id");
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, RecordedExchange.JSON);
        Content.Sink.write(response, true, body.toString(), callback);
        return true;
    }
}
