package io.shadowcat.replay;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A recorded message, when it was recorded (ms since the tape started) and the transport metadata its frame
 * carried (null when none, e.g. stdio).
 */
record TimedMessage(JsonNode message, long ts, JsonNode transport) {
}
