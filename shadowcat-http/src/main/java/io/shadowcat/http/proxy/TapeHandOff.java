package io.shadowcat.http.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.recorder.SessionRecording;
import io.shadowcat.tape.Direction;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the relay leaves a session's messages for its tape without ever waiting: Jetty's threads append to
 * a queue (bounded in messages and bytes) and return at once, and a thread of the tape's own hands each
 * message to {@link SessionRecording#capture}, which is where a storage behind its durability window is
 * waited for. Over stdio the relay threads are the session's own and may wait; over HTTP they are shared by
 * every session, so one slow storage would hold them all. A message that finds the queue full is counted as
 * lost (relayed, not on the tape).
 *
 * <p>The order of {@link #offer} calls is the order on the tape. {@link #close} drains what is queued and
 * returns once every message has been handed over (the tape can then be finished).
 */
final class TapeHandOff {

    private static final Logger LOG = LoggerFactory.getLogger(TapeHandOff.class);

    private record Message(Direction direction, byte[] bytes, long nanos, JsonNode transport) {
    }

    private final SessionRecording recording;
    private final int capacity;
    private final long maxBytes;
    private final Thread thread;

    // Guarded by this.
    private final ArrayDeque<Message> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean closed;
    private boolean warned;

    TapeHandOff(SessionRecording recording, int capacity, long maxBytes) {
        this.recording = recording;
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.thread = new Thread(this::run, "shadowcat-handoff-" + recording.tapeId());
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues one message for the tape; never waits. */
    void offer(Direction direction, byte[] bytes, long nanos, JsonNode transport) {
        boolean full;
        synchronized (this) {
            full = closed || queue.size() >= capacity || queuedBytes + bytes.length > maxBytes;
            if (!full) {
                queue.addLast(new Message(direction, bytes, nanos, transport));
                queuedBytes += bytes.length;
                notifyAll();
            } else if (!closed && !warned) {
                warned = true;
                LOG.warn("recording: tape {} is {} messages behind the relay; messages are relayed but dropped "
                        + "from the tape until the storage catches up", recording.tapeId(), queue.size());
            }
        }
        if (full) {
            recording.countLost();
        }
    }

    /** Messages queued and not yet handed to the recording. */
    synchronized int pending() {
        return queue.size();
    }

    /** No more messages come; returns once every queued one has been handed to the recording. */
    void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            Message next;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return; // nobody interrupts this thread; if someone does, it ends
                    }
                }
                next = queue.pollFirst();
                if (next == null) {
                    return; // closed and drained
                }
                queuedBytes -= next.bytes().length;
                if (queue.isEmpty()) {
                    warned = false; // caught up: the next overflow warns again
                }
            }
            try {
                recording.capture(next.direction(), next.bytes(), next.nanos(), next.transport());
            } catch (RuntimeException e) {
                recording.countLost(); // capture never fails by contract; if it does, the message is lost
                LOG.warn("recording: a message for tape {} could not be handed over: {}", recording.tapeId(),
                        e.toString());
            }
        }
    }
}
