package io.shadowcat.http.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.recorder.SessionRecording;
import io.shadowcat.tape.Direction;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tape of one MCP session seen through the proxy. Exchanges {@link #enter} it before they capture and
 * {@link #leave} it when they end; once it is {@link #retire retired} (the session was deleted, its SSE
 * connection or client connection closed) it is finished when the last exchange has left, so no message
 * of a stream still open is cut off.
 */
final class SessionTape {

    private final String key;
    private final SessionRecording recording;
    private final Runnable onFinished;
    private final Runnable onRetired;
    private final AtomicLong exchanges = new AtomicLong();

    // Guarded by this.
    private int active;
    private boolean retiring;
    private boolean finished;

    /**
     * @param key the registry's key of the session
     * @param onFinished runs once, when the tape is to be finished (off the relay's threads)
     * @param onRetired runs when the session is over, before its tape is finished
     */
    SessionTape(String key, SessionRecording recording, Runnable onFinished, Runnable onRetired) {
        this.key = key;
        this.recording = recording;
        this.onFinished = onFinished;
        this.onRetired = onRetired;
    }

    String key() {
        return key;
    }

    SessionRecording recording() {
        return recording;
    }

    /** The next exchange's number on this tape, from 1. */
    long nextExchange() {
        return exchanges.incrementAndGet();
    }

    /** An exchange starts using the tape; false when the tape is already finished (use another). */
    synchronized boolean enter() {
        if (finished) {
            return false;
        }
        active++;
        return true;
    }

    /**
     * Records one message of an exchange that entered; never waits for the storage (the recording's relay
     * policy is {@link io.shadowcat.recorder.RelayPolicy#NEVER_WAIT}).
     */
    void capture(Direction direction, byte[] message, long nanos, JsonNode transport) {
        recording.capture(direction, message, nanos, transport);
    }

    /** An exchange that entered has ended. */
    void leave() {
        boolean finish;
        synchronized (this) {
            active--;
            finish = retiring && active == 0 && !finished;
            finished |= finish;
        }
        if (finish) {
            onFinished.run();
        }
    }

    /** The session is over: the tape is finished once no exchange uses it any more. */
    void retire() {
        onRetired.run();
        boolean finish;
        synchronized (this) {
            retiring = true;
            finish = active == 0 && !finished;
            finished |= finish;
        }
        if (finish) {
            onFinished.run();
        }
    }

    /** Ends the tape now, whatever still uses it (the proxy stops); true when this call ended it. */
    synchronized boolean close() {
        boolean first = !finished;
        finished = true;
        return first;
    }
}
