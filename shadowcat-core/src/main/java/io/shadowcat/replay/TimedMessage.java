package io.shadowcat.replay;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A recorded message and when it was recorded (ms since the tape started).
 *
 * @param text the message as the tape holds it, which is what replay sends
 */
record TimedMessage(JsonNode message, String text, long ts) {
}
