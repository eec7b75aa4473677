package io.shadowcat.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.tape.TapeJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Writes a tape's JSON Lines into its rows: frame lines into {@code frames} (with their seq, ts, direction
 * and message as jsonb, beside the verbatim line that is what is read back), every other line into
 * {@code records}, all numbered in one sequence {@code n} so the tape reads back in its order.
 */
final class Lines {

    private Lines() {
    }

    /** Inserts {@code lines}, numbered from {@code first}; returns how many frame lines there were. */
    static long insert(Connection c, String q, long tapeKey, int first, List<String> lines) throws SQLException {
        long frames = 0;
        try (PreparedStatement f = c.prepareStatement("INSERT INTO " + q + ".frames (tape_key, n, seq, ts, direction,"
                + " message, line) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)");
             PreparedStatement r = c.prepareStatement(
                     "INSERT INTO " + q + ".records (tape_key, n, kind, line) VALUES (?, ?, ?, ?)")) {
            int n = first;
            boolean anyFrame = false;
            boolean anyRecord = false;
            for (String line : lines) {
                JsonNode node = TapeJson.parse(line);
                String type = node.path("type").asText("");
                if (type.equals("frame")) {
                    f.setLong(1, tapeKey);
                    f.setInt(2, n);
                    f.setLong(3, node.path("seq").asLong());
                    f.setLong(4, node.path("ts").asLong());
                    f.setString(5, node.path("dir").asText(""));
                    // the frame record holds its message in env (JsonLinesTapeWriter): that is what jsonb indexes
                    JsonNode env = node.path("env");
                    String message = env.has("message") ? TapeJson.compact(env.get("message")) : null;
                    // jsonb refuses \u0000 in strings; such a message is kept in the line only
                    if (message == null || message.contains("\\u0000")) {
                        f.setNull(6, Types.OTHER);
                    } else {
                        f.setString(6, message);
                    }
                    f.setString(7, line);
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
        }
        return frames;
    }
}
