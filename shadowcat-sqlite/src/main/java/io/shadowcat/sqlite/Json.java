package io.shadowcat.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shadowcat.tape.TapeJson;

/**
 * JSON text in database columns, written and read with the tape codec's shared settings
 * ({@link TapeJson}), so a message read back serializes to the same bytes the JSON Lines files hold.
 */
final class Json {

    private Json() {
    }

    static ObjectMapper mapper() {
        return TapeJson.mapper();
    }

    /** Compact JSON text of a tree. */
    static String write(JsonNode node) {
        return TapeJson.compact(node);
    }

    /** Parses stored JSON text; a failure means the row was damaged. */
    static JsonNode read(String text) throws JsonProcessingException {
        return TapeJson.mapper().readTree(text);
    }
}
