package io.shadowcat.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.shadowcat.recorder.Redactor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * When a client's params count as the recorded ones: the same JSON value, with numbers compared by value
 * ({@code 1}, {@code 1.0} and {@code 1e0} are equal), object keys in any order, and a value the recorder
 * masked ({@link Redactor#MASK}) matching anything, and empty {@code arguments} the same as none. Optionally {@code _meta} members are ignored at any
 * depth, since MCP reserves them for metadata such as progress tokens.
 */
final class JsonEquivalence {

    private static final String META = "_meta";
    private static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();

    private final boolean ignoreMeta;

    JsonEquivalence(boolean ignoreMeta) {
        this.ignoreMeta = ignoreMeta;
    }

    /** True when {@code actual} matches {@code recorded}; a missing value equals JSON null and {}. */
    boolean matches(JsonNode recorded, JsonNode actual) {
        return equivalent(normalizeAbsent(recorded), normalizeAbsent(actual));
    }

    /**
     * A text that is equal for equivalent values without masks (masked values need {@link #matches}):
     * the hash key for finding a recording quickly.
     */
    String key(JsonNode node) {
        StringBuilder out = new StringBuilder();
        appendKey(normalizeAbsent(node), out);
        return out.toString();
    }

    /** True when {@code node} holds a masked value (outside ignored {@code _meta}). */
    boolean hasMask(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (Redactor.isMask(node)) {
            return true;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!(ignoreMeta && META.equals(field.getKey())) && hasMask(field.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (hasMask(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private JsonNode normalizeAbsent(JsonNode params) {
        if (params == null || params.isNull() || params.isMissingNode()) {
            return EMPTY;
        }
        // SDKs differ on a call without arguments: one sends "arguments": {}, another leaves it out.
        JsonNode arguments = params.get("arguments");
        if (params.isObject() && arguments != null && arguments.isObject() && arguments.isEmpty()) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) params)
                    .deepCopy();
            copy.remove("arguments");
            params = copy;
        }
        if (ignoreMeta && params.isObject() && params.size() == 1 && params.has(META)) {
            return EMPTY;
        }
        return params;
    }

    private boolean equivalent(JsonNode recorded, JsonNode actual) {
        if (Redactor.isMask(recorded)) {
            return true;
        }
        if (recorded.isNumber() && actual.isNumber()) {
            return decimal(recorded).compareTo(decimal(actual)) == 0;
        }
        if (recorded.isObject() && actual.isObject()) {
            List<String> recordedKeys = keys(recorded);
            List<String> actualKeys = keys(actual);
            if (recordedKeys.size() != actualKeys.size() || !recordedKeys.containsAll(actualKeys)) {
                return false;
            }
            for (String key : recordedKeys) {
                if (!equivalent(recorded.get(key), actual.get(key))) {
                    return false;
                }
            }
            return true;
        }
        if (recorded.isArray() && actual.isArray()) {
            if (recorded.size() != actual.size()) {
                return false;
            }
            for (int i = 0; i < recorded.size(); i++) {
                if (!equivalent(recorded.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return recorded.equals(actual);
    }

    private void appendKey(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> keys = keys(node);
            keys.sort(null);
            out.append('{');
            for (String key : keys) {
                out.append(TextNode.valueOf(key)).append(':');
                appendKey(node.get(key), out);
                out.append(',');
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (JsonNode element : node) {
                appendKey(element, out);
                out.append(',');
            }
            out.append(']');
        } else if (node.isNumber()) {
            BigDecimal value = decimal(node);
            out.append(value.signum() == 0 ? "0" : value.stripTrailingZeros().toString());
        } else {
            out.append(node);
        }
    }

    private List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>(object.size());
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String key = field.getKey();
            if (!(ignoreMeta && META.equals(key))) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static BigDecimal decimal(JsonNode number) {
        if (number.isBigDecimal() || number.isBigInteger() || number.isIntegralNumber()) {
            return number.decimalValue();
        }
        double d = number.doubleValue();
        return Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : BigDecimal.ZERO;
    }
}
