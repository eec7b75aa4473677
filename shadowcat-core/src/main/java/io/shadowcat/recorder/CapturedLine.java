package io.shadowcat.recorder;

import io.shadowcat.tape.Direction;

/**
 * One newline-delimited message as it crossed the relay, handed from a relay thread to the recording
 * thread.
 *
 * @param bytes the line without its terminating newline (a trailing carriage return is kept)
 * @param nanos {@link System#nanoTime()} when the relay read the line's last byte
 */
record CapturedLine(Direction direction, byte[] bytes, long nanos) {
}
