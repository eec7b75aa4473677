package io.shadowcat.tape.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.tape.TapeJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON text handled as text: where a value sits inside a message's verbatim text, so that the tape can keep a
 * message as it was written and replay can change one member of it (a response's {@code id}, a progress
 * token) without rewriting the rest. Only the changed value is written anew; every other byte stays.
 */
public final class JsonText {

    // Reads one value in the middle of a document: what follows it is not trailing garbage.
    private static final com.fasterxml.jackson.databind.ObjectReader IN_STREAM = TapeJson.mapper().reader()
            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonText() {
    }

    /** {@code text} without the JSON whitespace (space, tab, CR, LF) around the value. */
    public static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == text.length() ? text : text.substring(start, end);
    }

    /** True when {@code text} has a CR or LF, which a JSON Lines record cannot hold unescaped. */
    public static boolean hasLineBreak(String text) {
        return text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
    }

    /**
     * The UTF-8 text of the value at {@code path} (member names, outermost first) in the JSON object held by
     * {@code bytes[start, start + length)}, exactly as written there, or null when there is no such member.
     *
     * @throws IOException when the bytes are not JSON
     */
    public static String valueText(byte[] bytes, int start, int length, String... path) throws IOException {
        try (JsonParser p = TapeJson.mapper().createParser(bytes, start, length)) {
            long[] span = find(p, path);
            if (span == null) {
                return null;
            }
            // byte offsets count from the start of the parsed range
            return new String(bytes, start + (int) span[0], (int) (span[1] - span[0]), StandardCharsets.UTF_8);
        }
    }

    /**
     * {@code text} with the value at {@code path} (member names, outermost first) replaced by the compact
     * text of {@code value}; every other character is kept. Returns null when there is no such member.
     *
     * @throws IllegalArgumentException when {@code text} is not JSON
     */
    public static String withValue(String text, JsonNode value, String... path) {
        try (JsonParser p = TapeJson.mapper().createParser(text)) {
            long[] span = find(p, path);
            if (span == null) {
                return null;
            }
            return text.substring(0, (int) span[0]) + TapeJson.compact(value) + text.substring((int) span[1]);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * {@code text} changed to say what {@code changed} says, where it differs from what {@code text} says:
     * each value of {@code text} that is not equal to the value at the same place in {@code changed} is
     * replaced by that value's compact text, and every other character is kept. For a copy changed in place
     * (the redactor's masks), so that what was not masked stays as written.
     *
     * @throws IllegalArgumentException when {@code text} is not JSON
     */
    public static String withChanges(String text, JsonNode changed) {
        try (JsonParser p = TapeJson.mapper().createParser(text)) {
            p.nextToken();
            StringBuilder out = new StringBuilder(text.length() + 16);
            int copied = splice(p, changed, text, out, 0);
            return out.append(text, copied, text.length()).toString();
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    // The parser is on a value's first token; returns how far text has been copied to out.
    private static int splice(JsonParser p, JsonNode target, String text, StringBuilder out, int copied)
            throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT && target != null && target.isObject()) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                JsonNode member = target.get(p.currentName());
                p.nextToken();
                copied = splice(p, member, text, out, copied);
            }
            return copied;
        }
        if (token == JsonToken.START_ARRAY && target != null && target.isArray()) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                copied = splice(p, target.get(i++), text, out, copied);
            }
            return copied;
        }
        int start = (int) p.currentTokenLocation().getCharOffset();
        JsonNode written = IN_STREAM.readTree(p);
        int end = (int) p.currentLocation().getCharOffset();
        if (target == null || written.equals(target)) {
            return copied; // unchanged (or gone from the copy: kept as written)
        }
        out.append(text, copied, start).append(TapeJson.compact(target));
        return end;
    }

    /**
     * The text of each element of the JSON array {@code text}, as written.
     *
     * @throws IllegalArgumentException when {@code text} is not a JSON array
     */
    public static List<String> elements(String text) {
        try (JsonParser p = TapeJson.mapper().createParser(text)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("not a JSON array");
            }
            List<String> out = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                long[] span = span(p);
                out.add(text.substring((int) span[0], (int) span[1]));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    // Walks objects down path; returns [start, end) of the value (chars for text, bytes for byte input).
    private static long[] find(JsonParser p, String[] path) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        for (int depth = 0; depth < path.length; depth++) {
            boolean found = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!name.equals(path[depth])) {
                    p.skipChildren();
                    continue;
                }
                if (depth == path.length - 1) {
                    return span(p);
                }
                if (value != JsonToken.START_OBJECT) {
                    return null;
                }
                found = true;
                break;
            }
            if (!found) {
                return null;
            }
        }
        return null;
    }

    // The parser is on a value's first token: reads past the value and returns where it began and ended.
    private static long[] span(JsonParser p) throws IOException {
        boolean bytes = p.currentTokenLocation().getByteOffset() >= 0;
        long start = offset(p.currentTokenLocation(), bytes);
        p.skipChildren();
        p.finishToken(); // a string's end is known only once it is read
        long end = offset(p.currentLocation(), bytes);
        return new long[] {start, end};
    }

    private static long offset(com.fasterxml.jackson.core.JsonLocation at, boolean bytes) {
        return bytes ? at.getByteOffset() : at.getCharOffset();
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
