package io.shadowcat.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.tape.Direction;

/**
 * One message as it crossed the relay, handed from a relay thread to the recording thread.
 *
 * @param bytes the message: a line without its terminating newline (a trailing carriage return is kept),
 *     or an HTTP body or SSE event's data
 * @param nanos {@link System#nanoTime()} when the relay read the message's last byte
 * @param transport the frame's own transport metadata (HTTP: method, status, headers...), or null for the
 *     recording's default (stdio: the server's pid and command)
 */
record CapturedLine(Direction direction, byte[] bytes, long nanos, JsonNode transport) {

    /** A line with the recording's default transport metadata. */
    CapturedLine(Direction direction, byte[] bytes, long nanos) {
        this(direction, bytes, nanos, null);
    }
}
