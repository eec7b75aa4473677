package io.shadowcat.http.serve;

import io.shadowcat.http.wire.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One SSE stream of a replayed session (a POST's answer, or the session's standalone stream), kept whole
 * so that a client can resume it: every event gets the id {@code <stream>-<position>}, and a GET carrying
 * {@code Last-Event-ID} gets the events after that one on a new connection, then whatever follows.
 *
 * <p>Events sent while no connection is attached (the standalone stream before the client's GET, or after
 * it dropped) wait for the next one. Thread-safe.
 */
final class EventStream {

    private final int number;
    private final List<byte[]> events = new ArrayList<>(); // as written on the wire
    private ResponseSink live;
    private int delivered; // how many of events the live connection (or the last one) got
    private boolean complete;
    private Runnable onClientGone = () -> { };

    EventStream(int number) {
        this.number = number;
    }

    /** Runs {@code action} (once per lost connection) when a write finds the client gone. */
    synchronized void onClientGone(Runnable action) {
        onClientGone = action;
    }

    int number() {
        return number;
    }

    /** Appends an event of type {@code event} (null: the default, {@code message}) and sends it if a client listens. */
    synchronized void send(String event, String data) {
        if (complete) {
            return;
        }
        events.add(new SseEvent(number + "-" + events.size(), event, data.getBytes(StandardCharsets.UTF_8)).toWire());
        flush();
    }

    /** No more events: the live connection, if any, ends once it has them all. */
    synchronized void complete() {
        complete = true;
        flush();
    }

    synchronized boolean isComplete() {
        return complete;
    }

    synchronized boolean hasLiveConnection() {
        return live != null;
    }

    /**
     * Attaches a client's connection, replacing any earlier one. With {@code resumeAfter} >= 0 the
     * connection gets the events after that position; otherwise the events no connection got yet.
     */
    synchronized void attach(ResponseSink sink, int resumeAfter) {
        if (live != null) {
            live.end();
        }
        live = sink;
        if (resumeAfter >= 0) {
            delivered = Math.min(resumeAfter + 1, events.size());
        }
        flush();
    }

    /** The position an event id of this stream names, or -1 when it names none. */
    synchronized int positionOf(String eventId) {
        String prefix = number + "-";
        if (eventId == null || !eventId.startsWith(prefix)) {
            return -1;
        }
        try {
            int position = Integer.parseInt(eventId.substring(prefix.length()));
            return position < events.size() ? position : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void flush() {
        while (live != null && delivered < events.size()) {
            if (!live.write(events.get(delivered))) {
                live = null; // the client left: what it missed waits for a resuming GET
                onClientGone.run();
                return;
            }
            delivered++;
        }
        if (complete && live != null) {
            live.end();
            live = null;
        }
    }
}
