package io.shadowcat.replay;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A recorded message, when it was recorded (ms since the tape started) and the transport metadata its frame
 * carried (null when none, e.g. stdio).
 *
 * @param text the message as the tape holds it, which is what replay sends
 */
record TimedMessage(JsonNode message, String text, long ts, JsonNode transport) {
}
