package io.shadowcat.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What of a message goes into the full-text index, as the shared search semantics define it: every key
 * and every string, number and boolean value, one per line so that a phrase never spans two values; and
 * the tool names it mentions ({@code tools/call} params and {@code tools/list} results).
 *
 * @param body the message's searchable text
 * @param tools the tool names, one per line, or empty
 */
record FrameText(String body, String tools) {

    static FrameText of(JsonNode message) {
        StringBuilder body = new StringBuilder(256);
        StringBuilder tools = new StringBuilder();
        collect(message, body);
        if (message.isArray()) {
            message.forEach(m -> addTools(m, tools));
        } else {
            addTools(message, tools);
        }
        return new FrameText(body.toString(), tools.toString());
    }

    private static void collect(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                line(out, e.getKey());
                collect(e.getValue(), out);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        } else if (node.isTextual() || node.isNumber() || node.isBoolean()) {
            line(out, node.asText());
        }
    }

    private static void addTools(JsonNode message, StringBuilder tools) {
        if ("tools/call".equals(message.path("method").asText(""))) {
            JsonNode name = message.path("params").path("name");
            if (name.isTextual()) {
                line(tools, name.asText());
            }
        }
        for (JsonNode tool : message.path("result").path("tools")) {
            if (tool.path("name").isTextual()) {
                line(tools, tool.path("name").asText());
            }
        }
    }

    private static void line(StringBuilder out, String text) {
        if (out.length() > 0) {
            out.append('\n');
        }
        out.append(text);
    }
}
