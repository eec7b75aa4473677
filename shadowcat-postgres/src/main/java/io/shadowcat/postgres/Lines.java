package io.shadowcat.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.tape.TapeJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Writes a tape's JSON Lines into its rows: frame lines into {@code frames} (with their seq, ts, direction,
 * message as jsonb, method and tool, beside the verbatim line that is what is read back) and their folded text
 * into {@code frame_text} (a row per run of frames, {@link FrameText}), every other line into {@code records},
 * all numbered in one sequence {@code n} so the tape reads back in its order.
 */
final class Lines {

    private Lines() {
    }

    /** Inserts {@code lines}, numbered from {@code first}; returns how many frame lines there were. */
    static long insert(Connection c, String q, long tapeKey, int first, List<String> lines) throws SQLException {
        long frames = 0;
        try (PreparedStatement f = c.prepareStatement("INSERT INTO " + q + ".frames (tape_key, n, seq, ts, direction,"
                + " message, line, method, tool) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)");
             PreparedStatement r = c.prepareStatement(
                     "INSERT INTO " + q + ".records (tape_key, n, kind, line) VALUES (?, ?, ?, ?)")) {
            FrameText text = new FrameText(tapeKey);
            int n = first;
            boolean anyFrame = false;
            boolean anyRecord = false;
            for (String line : lines) {
                JsonNode node = TapeJson.parse(line);
                String type = node.path("type").asText("");
                if (type.equals("frame")) {
                    f.setLong(1, tapeKey);
                    f.setInt(2, n);
                    long seq = node.path("seq").asLong();
                    f.setLong(3, seq);
                    f.setLong(4, node.path("ts").asLong());
                    JsonNode message = message(node);
                    f.setString(5, direction(node));
                    f.setString(6, jsonb(message));
                    f.setString(7, line);
                    SearchColumns search = message == null ? new SearchColumns(null, null, null)
                            : SearchColumns.ofMessage(message);
                    f.setString(8, search.method());
                    f.setString(9, search.tool());
                    text.add(n, seq, search.text());
                    f.addBatch();
                    anyFrame = true;
                    frames++;
                } else {
                    r.setLong(1, tapeKey);
                    r.setInt(2, n);
                    r.setString(3, type);
                    r.setString(4, line);
                    r.addBatch();
                    anyRecord = true;
                }
                n++;
            }
            if (anyFrame) {
                f.executeBatch();
            }
            if (anyRecord) {
                r.executeBatch();
            }
            text.insert(c, q);
        }
        return frames;
    }

    /** A frame line's message: under {@code env} (or {@code envelope}) as the writer puts it, else top level. */
    static JsonNode message(JsonNode frameLine) {
        JsonNode env = frameLine.has("env") ? frameLine.get("env") : frameLine.get("envelope");
        JsonNode m = env != null && env.has("message") ? env.get("message") : frameLine.get("message");
        return m == null || m.isNull() || m.isMissingNode() ? null : m;
    }

    /** A frame line's direction wire name ({@code dir}, else {@code direction}, else the envelope's), or "". */
    static String direction(JsonNode frameLine) {
        for (String key : new String[] {"dir", "direction"}) {
            if (frameLine.path(key).isTextual()) {
                return frameLine.get(key).asText();
            }
        }
        JsonNode env = frameLine.has("env") ? frameLine.get("env") : frameLine.path("envelope");
        return env.path("direction").asText("");
    }

    /** The message as jsonb text, or null: jsonb refuses an escaped NUL in strings (the message is in the line). */
    static String jsonb(JsonNode message) {
        String compact = message == null ? null : TapeJson.compact(message);
        return compact == null || compact.contains("\\u0000") ? null : compact;
    }
}
