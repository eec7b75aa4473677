package io.shadowcat.http.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.http.wire.HttpFrameTransport;
import io.shadowcat.http.wire.McpHeaders;
import io.shadowcat.http.wire.SseEvent;
import io.shadowcat.http.wire.SseEventParser;
import io.shadowcat.tape.Direction;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request relayed upstream and its response relayed back, recorded on the way: the request's
 * body as one frame, then each SSE event (or the JSON body) of the response as the proxy reads it. Exactly
 * one upstream request per client request. The response streams through chunk by chunk with the HTTP
 * stack's own back-pressure: nothing is buffered but a JSON body's copy for the tape.
 *
 * <p>Which tape: the request's {@code Mcp-Session-Id} (or the legacy transport's {@code sessionId}) names
 * it at once; otherwise it is known when the response arrives (the session id it assigns, the legacy
 * {@code endpoint} event, else the client's connection) and the request's frame is recorded then, still
 * before the response's.
 *
 * <p>Jetty calls one exchange's listeners one at a time; the fields they share are volatile.
 */
final class Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** JSON-RPC's implementation-defined server error, for a gateway that cannot reach its server. */
    static final int UPSTREAM_UNREACHABLE = -32000;
    private static final long PROBE_SECONDS = 2;
    private static final byte[] NO_MESSAGE_BYTES = HttpFrameTransport.NO_MESSAGE_TEXT.getBytes(StandardCharsets.UTF_8);

    private final RecordingProxy proxy;
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final String method;
    private final String path;
    private final String sessionId; // the request's Mcp-Session-Id
    private final AtomicBoolean completed = new AtomicBoolean();

    private byte[] body;
    private long bodyNanos;
    private volatile org.eclipse.jetty.client.Request upstreamRequest;
    private volatile SessionTape tape;
    private volatile long exchange;
    private volatile boolean requestRecorded;
    private volatile boolean headersSeen;
    private volatile boolean copyStarted;
    private volatile boolean awaitingEndpoint;
    private volatile boolean endsSession; // the legacy SSE stream itself: its end ends the session
    private volatile boolean unrecorded; // names a session that has ended
    private volatile int status;
    private volatile String contentType;
    private volatile String responseSessionId;
    private volatile List<Map.Entry<String, String>> responseHeaders;
    private volatile boolean responseHeadersStored;
    private volatile long lastReadNanos = System.nanoTime();
    private final Object probeLock = new Object();
    private final ByteBuffer probe = BufferUtil.allocate(1);
    private RecordedBody decoder; // null: the response is not recorded
    private SseEventParser events;
    private ByteArrayOutputStream json;
    private boolean jsonTooLarge;
    private final AtomicBoolean responseFramed = new AtomicBoolean(); // a frame of the response is taped (or lost)

    Exchange(RecordingProxy proxy, Request request, Response response, Callback callback) {
        this.proxy = proxy;
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.method = request.getMethod();
        this.path = request.getHttpURI().getPath();
        this.sessionId = request.getHeaders().get(McpHeaders.SESSION_ID);
    }

    /** Reads the client's body, then relays the request. */
    void start() {
        request.addFailureListener(this::clientFailed);
        Content.Source.asByteArrayAsync(request, proxy.maxMessageBytes()).whenComplete((bytes, failure) -> {
            if (failure != null) {
                LOG.debug("client request body unreadable", failure);
                respondError(400, "Shadowcat: the request body could not be read: " + failure.getMessage(), false);
                return;
            }
            body = bytes;
            bodyNanos = System.nanoTime();
            relay();
        });
    }

    private void relay() {
        String legacy = legacySessionId();
        if (sessionId != null ? proxy.tapes().streamableEnded(sessionId)
                : legacy != null && proxy.tapes().legacyEnded(legacy)) {
            unrecorded = true; // a straggler of a session that has ended: relayed, on no tape
        } else if (sessionId != null) {
            enter(proxy.tapes().streamable(sessionId));
        } else if (legacy != null) {
            SessionTape open = proxy.tapes().legacyIfOpen(legacy);
            if (open != null) {
                enter(open);
            }
        }
        org.eclipse.jetty.client.Request upstream = proxy.client().newRequest(proxy.upstream().origin()
                        + request.getHttpURI().getPathQuery())
                .method(method)
                .headers(this::copyRequestHeaders)
                .onResponseHeaders(this::onHeaders)
                .onResponseContentSource(this::onContentSource);
        if (body.length > 0) {
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            upstream.body(new BytesRequestContent(type, body));
        }
        upstreamRequest = upstream;
        upstream.send(this::onComplete);
    }

    private void copyRequestHeaders(HttpFields.Mutable upstream) {
        HttpFields fields = request.getHeaders();
        HopByHop hop = HopByHop.of(fields);
        for (HttpField f : fields) {
            if (hop.relays(f) && f.getHeader() != HttpHeader.HOST && f.getHeader() != HttpHeader.CONTENT_LENGTH) {
                upstream.add(f);
            }
        }
        String userInfo = proxy.upstream().userInfo();
        if (userInfo != null && !fields.contains(HttpHeader.AUTHORIZATION)) {
            upstream.add(HttpHeader.AUTHORIZATION, "Basic "
                    + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void enter(SessionTape t) {
        exchange = t.nextExchange();
        tape = t;
        recordRequest();
    }

    /** The request's frame, once its tape is known. */
    private void recordRequest() {
        if (requestRecorded) {
            return;
        }
        requestRecorded = true;
        if (body == null || body.length == 0) {
            return;
        }
        HttpFields h = request.getHeaders();
        ObjectNode meta = HttpFrameTransport.of(exchange, method, path)
                .put(HttpFrameTransport.SESSION_ID, sessionId)
                .put(HttpFrameTransport.PROTOCOL_VERSION, h.get(McpHeaders.PROTOCOL_VERSION))
                .put(HttpFrameTransport.MCP_METHOD, h.get(McpHeaders.METHOD))
                .put(HttpFrameTransport.MCP_NAME, h.get(McpHeaders.NAME))
                .put(HttpFrameTransport.LAST_EVENT_ID, h.get(McpHeaders.LAST_EVENT_ID))
                .put(HttpFrameTransport.CONTENT_TYPE, h.get(HttpHeader.CONTENT_TYPE))
                .headers(stored(h))
                .toJson();
        tape.capture(Direction.CLIENT_TO_SERVER, body, bodyNanos, meta);
    }

    private void onHeaders(org.eclipse.jetty.client.Response upstream) {
        headersSeen = true;
        status = upstream.getStatus();
        HttpFields fields = upstream.getHeaders();
        contentType = fields.get(HttpHeader.CONTENT_TYPE);
        responseSessionId = fields.get(McpHeaders.SESSION_ID);
        responseHeaders = stored(fields);
        if (tape == null && !unrecorded) {
            if (responseSessionId != null) {
                enter(proxy.tapes().streamable(responseSessionId));
            } else if (isEventStream() && "GET".equals(method)) {
                awaitingEndpoint = true; // the legacy transport: its endpoint event names the session
            } else {
                enter(connectionTape());
            }
        }
        if ("DELETE".equals(method) && status / 100 == 2 && tape != null) {
            // the session is over from now on (a late reconnect is not a new session); its tape is finished
            // once this exchange and any stream still open have ended
            tape.retire();
        }
        if (!unrecorded && (isEventStream() || isJson())) {
            decoder = RecordedBody.of(fields.get(HttpHeader.CONTENT_ENCODING));
            if (decoder == null) {
                // relayed as encoded; the recorder cannot read this coding, so the body counts as lost
                LOG.warn("recording: a {} response of {} {} is relayed but not recorded: Content-Encoding {}",
                        contentType, method, path, fields.get(HttpHeader.CONTENT_ENCODING));
                lost();
            }
        }
        if (decoder != null && isEventStream()) {
            events = new SseEventParser(proxy.maxMessageBytes(), new SseEventParser.Listener() {
                @Override
                public void event(SseEvent event) {
                    onEvent(event);
                }

                @Override
                public void oversized(String id) {
                    lost();
                }
            });
        } else if (decoder != null) {
            json = new ByteArrayOutputStream();
        }
        response.setStatus(status);
        HopByHop hop = HopByHop.of(fields);
        HttpFields.Mutable out = response.getHeaders();
        for (HttpField f : fields) {
            if (hop.relays(f)) {
                out.add(f);
            }
        }
    }

    private void onContentSource(org.eclipse.jetty.client.Response upstream, Content.Source source) {
        copyStarted = true;
        Content.Source tapped = new TappedSource(source, new TappedSource.Tap() {
            @Override
            public void bytes(ByteBuffer bytes) {
                observe(bytes);
            }

            @Override
            public void end() {
                bodyEnded();
            }
        });
        Callback copied = Callback.from(() -> complete(null), failure -> {
            // the client went away (or the upstream failed mid-body): the upstream request goes too
            abortUpstream(failure);
            complete(failure);
        });
        if (isEventStream()) {
            scheduleProbe();
            // an SSE stream's headers reach the client at once, before its first event
            response.write(false, BufferUtil.EMPTY_BUFFER, Callback.from(
                    () -> Content.copy(tapped, response, copied), copied::failed));
        } else {
            Content.copy(tapped, response, copied);
        }
    }

    private void observe(ByteBuffer bytes) {
        lastReadNanos = System.nanoTime();
        if (decoder == null) {
            return;
        }
        try {
            if (!decoder.feed(bytes, this::record)) {
                decoder = null;
                events = null;
                json = null;
                LOG.warn("recording: a response of {} {} is relayed but not recorded: its Content-Encoding is malformed",
                        method, path);
                lost();
            }
        } catch (RuntimeException e) {
            // recording never breaks the relay
            LOG.warn("recording: a response of {} {} could not be recorded: {}", method, path, e.toString());
        }
    }

    /** Decoded bytes of the response, for the tape. */
    private void record(ByteBuffer bytes) {
        if (events != null) {
            events.feed(bytes);
        } else if (json != null && !jsonTooLarge) {
            if (json.size() + bytes.remaining() > proxy.maxMessageBytes()) {
                jsonTooLarge = true;
                json = null;
                lost();
            } else {
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                json.write(copy, 0, copy.length);
            }
        }
    }

    private void bodyEnded() {
        if (events != null) {
            events.finish();
        } else if (json != null && json.size() > 0 && ensureTape()) {
            responseFramed.set(true);
            tape.capture(Direction.SERVER_TO_CLIENT, json.toByteArray(), System.nanoTime(), responseMeta(null));
            json = null;
        }
        recordNoMessage();
    }

    /**
     * A response (not an event stream) that carried no JSON-RPC message: a frame of its own all the same, with
     * its status and headers, so that replay answers as the server did ({@link HttpFrameTransport#NO_MESSAGE}).
     */
    private void recordNoMessage() {
        if (unrecorded || isEventStream() || !headersSeen || !responseFramed.compareAndSet(false, true)) {
            return;
        }
        if (ensureTape()) {
            ObjectNode meta = responseMeta(null);
            ((ObjectNode) meta.get(HttpFrameTransport.KEY)).put(HttpFrameTransport.NO_MESSAGE, true);
            tape.capture(Direction.SERVER_TO_CLIENT, NO_MESSAGE_BYTES, System.nanoTime(), meta);
        }
    }

    private void onEvent(SseEvent event) {
        if (awaitingEndpoint) {
            awaitingEndpoint = false;
            if (McpHeaders.ENDPOINT_EVENT.equals(event.event())) {
                String legacy = queryParameter(event.dataText(), "sessionId");
                enter(legacy != null ? proxy.tapes().legacy(legacy) : connectionTape());
                endsSession = true; // this stream is the legacy session: when it closes, the session is over
                // not a JSON-RPC message, but replay takes the POST endpoint's path from it
                ObjectNode meta = responseMeta(event.id());
                ((ObjectNode) meta.get(HttpFrameTransport.KEY)).put(HttpFrameTransport.NO_MESSAGE, true)
                        .put(HttpFrameTransport.SSE_EVENT, McpHeaders.ENDPOINT_EVENT)
                        .put(HttpFrameTransport.ENDPOINT, event.dataText());
                recordRequest();
                tape.capture(Direction.SERVER_TO_CLIENT, NO_MESSAGE_BYTES, System.nanoTime(), meta);
                return;
            }
            enter(connectionTape());
        }
        if (ensureTape()) {
            responseFramed.set(true);
            tape.capture(Direction.SERVER_TO_CLIENT, event.data(), System.nanoTime(), responseMeta(event.id()));
        }
    }

    private ObjectNode responseMeta(String eventId) {
        HttpFrameTransport meta = HttpFrameTransport.of(exchange, method, path)
                .status(status)
                .put(HttpFrameTransport.CONTENT_TYPE, contentType)
                .put(HttpFrameTransport.EVENT_ID, eventId)
                .put(HttpFrameTransport.SESSION_ID, responseSessionId != null ? responseSessionId : sessionId)
                .put(HttpFrameTransport.LAST_EVENT_ID, request.getHeaders().get(McpHeaders.LAST_EVENT_ID));
        if (!responseHeadersStored) {
            responseHeadersStored = true;
            meta.headers(responseHeaders);
        }
        return meta.toJson();
    }

    private void onComplete(Result result) {
        if (!result.isFailed()) {
            if (!copyStarted) {
                // a response without a body (a 202): only the status and headers go back
                try {
                    recordNoMessage();
                } catch (RuntimeException e) {
                    LOG.warn("recording: the bodyless response of {} {} could not be recorded: {}", method, path,
                            e.toString());
                }
                response.write(true, BufferUtil.EMPTY_BUFFER, Callback.from(() -> complete(null), this::complete));
            }
            return;
        }
        Throwable failure = result.getFailure();
        if (!headersSeen && !response.isCommitted()) {
            if (completed.get()) {
                return; // the client had gone already
            }
            LOG.warn("upstream {} unreachable for {} {}: {}", proxy.upstream().masked(), method, path,
                    failure.toString());
            respondError(502, "Shadowcat: the upstream MCP server " + proxy.upstream().masked()
                    + " cannot be reached: " + describe(failure), true);
        } else {
            complete(failure); // died mid-response: the client sees the stream cut, as it was
        }
    }

    /** A response the proxy makes itself, with a JSON-RPC error body; recorded when {@code record}. */
    private void respondError(int code, String message, boolean record) {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("jsonrpc", "2.0");
        error.set("id", requestId());
        ObjectNode e = error.putObject("error");
        e.put("code", UPSTREAM_UNREACHABLE);
        e.put("message", message);
        byte[] bytes = error.toString().getBytes(StandardCharsets.UTF_8);
        status = code;
        contentType = "application/json";
        if (record && body != null && ensureTape()) {
            responseFramed.set(true);
            try {
                ObjectNode meta = HttpFrameTransport.of(exchange, method, path).status(code)
                        .put(HttpFrameTransport.CONTENT_TYPE, contentType)
                        .put(HttpFrameTransport.SESSION_ID, sessionId).proxy().toJson();
                tape.capture(Direction.SERVER_TO_CLIENT, bytes, System.nanoTime(), meta);
            } catch (RuntimeException ex) {
                LOG.warn("recording: the proxy's {} response could not be recorded: {}", code, ex.toString());
            }
        }
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, ByteBuffer.wrap(bytes), Callback.from(() -> complete(null), this::complete));
    }

    /** The request's JSON-RPC id, for an error answering it: null for a notification, a batch or no JSON. */
    private JsonNode requestId() {
        if (body != null && body.length > 0) {
            try {
                JsonNode message = MAPPER.readTree(body);
                if (message != null && message.isObject() && message.has("id")) {
                    return message.get("id");
                }
            } catch (java.io.IOException | RuntimeException notJson) {
                // answered with a null id
            }
        }
        return JsonNodeFactory.instance.nullNode();
    }

    /** Makes sure the exchange has a tape to record on; false when it records nothing. */
    private boolean ensureTape() {
        if (unrecorded) {
            return false;
        }
        if (tape == null) {
            awaitingEndpoint = false;
            enter(connectionTape());
        }
        recordRequest();
        return true;
    }

    private SessionTape connectionTape() {
        return proxy.tapes().connection(request.getConnectionMetaData().getId(),
                request.getConnectionMetaData().getConnection());
    }

    private void lost() {
        responseFramed.set(true); // the response's message is counted as lost: no stand-in frame for it
        if (ensureTape()) {
            tape.recording().countLost();
        }
    }

    /** The client's connection failed while the exchange was open: nothing waits for the upstream any more. */
    private void clientFailed(Throwable failure) {
        abortUpstream(failure);
    }

    private void abortUpstream(Throwable failure) {
        org.eclipse.jetty.client.Request upstream = upstreamRequest;
        if (upstream != null) {
            upstream.abort(failure);
        }
    }

    /**
     * A client that closes its connection while an SSE stream is quiet is not noticed by a write (there is
     * none), and HTTP/1.1 does not read while a response is under way: every {@value #PROBE_SECONDS} s a quiet
     * stream's connection is read without blocking, and an end of stream there means the client has gone, so
     * the upstream request is cancelled (and with a legacy SSE stream the session's tape finished). Only a
     * stream quiet for a second is probed: a client sends nothing on a connection whose response is still
     * open, so there is nothing to read but the end.
     */
    private void scheduleProbe() {
        if (request.getConnectionMetaData().getHttpVersion().getVersion() > 11) {
            return; // HTTP/2 tells the server about a reset stream itself
        }
        proxy.scheduler().schedule(this::probe, PROBE_SECONDS, TimeUnit.SECONDS);
    }

    private void probe() {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        synchronized (probeLock) {
            if (completed.get()) {
                return;
            }
            if (System.nanoTime() - lastReadNanos > TimeUnit.SECONDS.toNanos(1)) {
                int read;
                try {
                    read = endPoint.fill(probe);
                } catch (java.io.IOException e) {
                    read = -1;
                }
                BufferUtil.clear(probe);
                if (read < 0) {
                    LOG.debug("client closed its connection during {} {}", method, path);
                    EofException gone = new EofException("the client closed its connection");
                    abortUpstream(gone);
                    complete(gone);
                    return;
                }
            }
        }
        scheduleProbe();
    }

    /** Ends the exchange once: the tape is left (and retired when the session ended), the client answered. */
    private void complete(Throwable failure) {
        synchronized (probeLock) { // no probe reads the connection once the next request may be on it
            if (!completed.compareAndSet(false, true)) {
                return;
            }
        }
        try {
            if (failure == null) {
                try {
                    recordNoMessage(); // an empty body whose end the tap did not see
                } catch (RuntimeException e) {
                    LOG.warn("recording: the bodyless response of {} {} could not be recorded: {}", method, path,
                            e.toString());
                }
            }
            SessionTape t = tape;
            if (t != null) {
                if (endsSession) {
                    t.retire();
                }
                t.leave();
            }
        } finally {
            proxy.exchangeEnded();
            if (failure == null) {
                callback.succeeded();
            } else {
                callback.failed(failure);
            }
        }
    }

    private boolean isEventStream() {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(McpHeaders.EVENT_STREAM);
    }

    private boolean isJson() {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        type = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
        return type.equals("application/json") || type.endsWith("+json");
    }

    private String legacySessionId() {
        if (!"POST".equals(method)) {
            return null;
        }
        Fields query = org.eclipse.jetty.server.Request.extractQueryParameters(request);
        return query.getValue("sessionId");
    }

    /** A query parameter of a (possibly relative) URL, or null. */
    private static String queryParameter(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static List<Map.Entry<String, String>> stored(HttpFields fields) {
        HopByHop hop = HopByHop.of(fields);
        List<Map.Entry<String, String>> out = new ArrayList<>(fields.size());
        for (HttpField f : fields) {
            if (hop.relays(f)) {
                out.add(new AbstractMap.SimpleImmutableEntry<>(f.getName(), f.getValue()));
            }
        }
        return out;
    }

    private static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return "TLS failed (" + rootMessage(failure) + "); a server whose certificate is from a private CA "
                        + "needs that CA's PEM file (record --upstream-ca FILE)";
            }
        }
        return rootMessage(failure);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
