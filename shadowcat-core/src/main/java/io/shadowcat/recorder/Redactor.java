package io.shadowcat.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Masks secrets in the recorded copy of a message. A field is masked, at any depth, when its name equals
 * one of the keys ignoring case, {@code _} and {@code -} (so {@code api_key} also masks {@code apiKey}
 * and {@code API-KEY}); its value, whatever its type, becomes the text {@value #MASK}. Names under a JSON
 * Schema's {@code properties} (a tool's {@code inputSchema} in {@code tools/list}) define a field rather than
 * hold a value: they are kept, and only values inside their definitions (such as a {@code default}) can be
 * masked, so the schema a replay serves stays valid.
 *
 * <p>Only the tape is redacted; the relayed bytes are never touched. Replay treats a masked value as
 * matching any value, so redacted requests still find their recorded responses.
 */
public final class Redactor {

    /** What a masked value becomes on the tape. */
    public static final String MASK = "[REDACTED]";

    /** Keys masked unless the caller chooses otherwise. */
    public static final List<String> DEFAULT_KEYS = List.of("authorization", "password", "token", "api_key", "secret",
            "access_token", "refresh_token", "id_token", "client_secret", "private_key", "x_api_key", "cookie");

    private static final Redactor NONE = new Redactor(Set.of());

    private final Set<String> normalizedKeys;

    private Redactor(Set<String> normalizedKeys) {
        this.normalizedKeys = normalizedKeys;
    }

    /** Masks the given keys. */
    public static Redactor of(Collection<String> keys) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String key : keys) {
            String n = normalize(key);
            if (n.isEmpty()) {
                throw new IllegalArgumentException("redaction key '" + key + "' has no letters or digits");
            }
            normalized.add(n);
        }
        return new Redactor(Set.copyOf(normalized));
    }

    /** Masks {@link #DEFAULT_KEYS}. */
    public static Redactor defaults() {
        return of(DEFAULT_KEYS);
    }

    /** Masks nothing. */
    public static Redactor none() {
        return NONE;
    }

    /** The keys this redactor masks, normalized (lowercase, without {@code _} and {@code -}). */
    public Set<String> keys() {
        return normalizedKeys;
    }

    /** Masks matching fields of {@code node} in place; true when anything was masked. */
    public boolean redact(JsonNode node) {
        if (normalizedKeys.isEmpty() || node == null) {
            return false;
        }
        boolean masked = false;
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (isSchemaProperties(object, field)) {
                    for (JsonNode definition : field.getValue()) {
                        masked |= redact(definition);
                    }
                } else if (normalizedKeys.contains(normalize(field.getKey()))) {
                    if (!isMask(field.getValue())) {
                        field.setValue(object.textNode(MASK));
                        masked = true;
                    }
                } else {
                    masked |= redact(field.getValue());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                masked |= redact(element);
            }
        }
        return masked;
    }

    // "properties" of an object schema: {"type": "object", "properties": {"api_key": {"type": "string"}}}
    private static boolean isSchemaProperties(ObjectNode parent, Map.Entry<String, JsonNode> field) {
        if (!field.getKey().equals("properties") || !field.getValue().isObject()) {
            return false;
        }
        JsonNode type = parent.get("type");
        return type != null && (type.asText().equals("object")
                || type.isArray() && type.toString().contains("\"object\""));
    }

    /** True when {@code value} is the mask a redactor put there. */
    public static boolean isMask(JsonNode value) {
        return value != null && value.isTextual() && MASK.equals(value.textValue());
    }

    private static String normalize(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '_' && c != '-') {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT).trim();
    }
}
