package io.shadowcat.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

/**
 * The JSON text stored in the database. Numbers are read exactly (big decimals, trailing zeros kept) so
 * a message written and read back serializes to the same bytes.
 */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Json() {
    }

    static JsonMapper mapper() {
        return MAPPER;
    }

    /** Compact JSON text of a tree. */
    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses stored JSON text; a failure means the row was damaged. */
    static JsonNode read(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }
}
