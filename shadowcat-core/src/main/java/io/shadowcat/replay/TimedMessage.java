package io.shadowcat.replay;

import com.fasterxml.jackson.databind.JsonNode;

/** A recorded message and when it was recorded (ms since the tape started). */
record TimedMessage(JsonNode message, long ts) {
}
