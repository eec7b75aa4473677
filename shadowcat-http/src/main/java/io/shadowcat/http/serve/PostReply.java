package io.shadowcat.http.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.http.wire.McpHeaders;
import io.shadowcat.replay.ReplayChannel;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to one POST that carried requests (Streamable HTTP): either one JSON body or an SSE stream
 * carrying the server messages recorded while the request was open, then the response; the response to
 * the last request of the body ends it. What arrives after that (or was recorded on the standalone GET
 * stream) goes to the session's standalone stream.
 *
 * <p>The form is chosen when the first message arrives: as recorded (the frame's content type), else as the
 * tape's server answered POSTs, else (a stdio tape) SSE when the client accepts it, so that progress and
 * log notifications ride with their request as a stdio server sent them, JSON otherwise.
 */
final class PostReply implements ReplayChannel {

    private enum Form { UNDECIDED, SSE, JSON }

    private final HttpReplaySession session;
    private final TapeHttpShape shape;
    private final Response response;
    private final Callback callback;
    private final boolean acceptsSse;
    private final Set<String> awaited;
    private Form form = Form.UNDECIDED;
    private EventStream stream;
    private boolean done;

    /** @param requestIds the ids ({@link JsonNode#toString()}) of the requests the POST carried */
    PostReply(HttpReplaySession session, TapeHttpShape shape, Response response, Callback callback,
              boolean acceptsSse, Set<String> requestIds) {
        this.session = session;
        this.shape = shape;
        this.response = response;
        this.callback = callback;
        this.acceptsSse = acceptsSse;
        this.awaited = new HashSet<>(requestIds);
        session.opened(this);
    }

    @Override
    public synchronized void send(JsonNode message, String text, JsonNode recordedTransport) {
        RecordedExchange recorded = RecordedExchange.of(recordedTransport);
        boolean answer = isAnswer(message);
        if (done || !answer && recorded != null && recorded.isMethod("GET") && shape.isStreamableHttpTape()) {
            session.standaloneChannel().send(message, text, recordedTransport);
            return;
        }
        if (form == Form.UNDECIDED) {
            decide(recorded);
        }
        if (form == Form.JSON) {
            if (!answer) {
                session.standaloneChannel().send(message, text, recordedTransport); // a JSON body holds the answer only
                return;
            }
            done = true;
            session.answered(this);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, RecordedExchange.JSON);
            Content.Sink.write(response, true, text, callback);
            return;
        }
        stream.send("message", text);
        if (answer) {
            answered(message);
            if (awaited.isEmpty()) {
                done = true;
                session.answered(this);
                stream.complete();
            }
        }
    }

    /** The session ended before the answer: the client gets an empty stream (or an empty 200), not a hang. */
    synchronized void abandon() {
        if (done) {
            return;
        }
        done = true;
        if (stream != null) {
            stream.complete();
        } else {
            Content.Sink.write(response, true, "", callback);
        }
    }

    private void decide(RecordedExchange recorded) {
        boolean sse;
        if (recorded != null && recorded.isMethod("POST") && (recorded.isEventStream() || recorded.isJson())) {
            sse = recorded.isEventStream();
        } else if (shape.postAnswers() != null) {
            sse = McpHeaders.EVENT_STREAM.equals(shape.postAnswers());
        } else {
            sse = acceptsSse;
        }
        if (!sse) {
            form = Form.JSON;
            return;
        }
        form = Form.SSE;
        stream = session.newStream();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, McpHeaders.EVENT_STREAM);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        ResponseSink sink = ResponseSink.open(response, callback);
        if (sink != null) {
            stream.attach(sink, -1);
        }
    }

    private void answered(JsonNode message) {
        if (message.isArray()) {
            message.forEach(this::answered);
        } else if (message.has("id")) {
            awaited.remove(message.get("id").toString());
        }
    }

    // A response (or a batch's answers), as opposed to a notification or a server request.
    private static boolean isAnswer(JsonNode message) {
        if (message.isArray()) {
            return true;
        }
        return !message.hasNonNull("method") && (message.has("result") || message.has("error"));
    }
}
