package io.shadowcat.http.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.replay.ReplayChannel;
import io.shadowcat.replay.ReplayOptions;
import io.shadowcat.replay.ReplaySession;
import io.shadowcat.replay.ReplayStats;
import io.shadowcat.tape.Tape;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client session served over HTTP: its own {@link ReplaySession} (matching starts from the tape's
 * beginning for every session), its session id, its standalone event stream (the Streamable HTTP GET
 * stream, or the legacy transport's one stream) and every stream it was sent, for resumption.
 */
final class HttpReplaySession {

    private final String id;
    private final ReplaySession replay;
    private final EventStream standalone = new EventStream(0);
    private final Map<Integer, EventStream> streams = new ConcurrentHashMap<>();
    private final Set<PostReply> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextStream = new AtomicInteger(1);
    private final AtomicBoolean ended = new AtomicBoolean();
    private final ReplayChannel toStandalone;

    /**
     * @param id the session id given to the client, or null (a tape of a server that issued none)
     * @param legacy true for the legacy HTTP+SSE transport, whose one stream carries every message
     */
    HttpReplaySession(String id, Tape tape, ReplayOptions options, boolean legacy) {
        this.id = id;
        this.replay = new ReplaySession(tape, options);
        streams.put(0, standalone);
        String event = legacy ? "message" : null;
        this.toStandalone = (message, text, transport) -> standalone.send(event, text);
    }

    /** The session id, or null. */
    String id() {
        return id;
    }

    ReplaySession replay() {
        return replay;
    }

    EventStream standalone() {
        return standalone;
    }

    /** Sends to the standalone stream (messages that belong to no open POST). */
    ReplayChannel standaloneChannel() {
        return toStandalone;
    }

    /** A new stream, for a POST answered as SSE. */
    EventStream newStream() {
        EventStream stream = new EventStream(nextStream.getAndIncrement());
        streams.put(stream.number(), stream);
        return stream;
    }

    /** The stream a {@code Last-Event-ID} names, or null. */
    EventStream streamOf(String lastEventId) {
        int dash = lastEventId == null ? -1 : lastEventId.indexOf('-');
        if (dash <= 0) {
            return null;
        }
        try {
            EventStream stream = streams.get(Integer.parseInt(lastEventId.substring(0, dash)));
            return stream != null && stream.positionOf(lastEventId) >= 0 ? stream : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void opened(PostReply reply) {
        open.add(reply);
    }

    void answered(PostReply reply) {
        open.remove(reply);
    }

    /**
     * Handles a client message under the session's engine. {@code channel} gets the answer; what belongs to no
     * request goes to the standalone stream.
     */
    void receive(JsonNode message, ReplayChannel channel) {
        replay.receive(message, channel);
    }

    boolean isEnded() {
        return ended.get();
    }

    /**
     * Ends the session (DELETE, the legacy stream closed, or the server stopping): paced messages still go
     * out, then every stream ends and every POST still waiting is answered empty. Returns the session's
     * stats the first time, null after.
     */
    ReplayStats end() {
        if (!ended.compareAndSet(false, true)) {
            return null;
        }
        replay.finish();
        open.forEach(PostReply::abandon);
        streams.values().forEach(EventStream::complete);
        return replay.stats();
    }
}
