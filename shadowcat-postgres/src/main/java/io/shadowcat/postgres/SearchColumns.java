package io.shadowcat.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.storage.support.TapeMetaJson;
import io.shadowcat.storage.support.TapeSearchMatcher;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeMetadata;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What search reads of a frame or a tape, beside the verbatim line: the folded text
 * ({@link TapeSearchMatcher#messageText}, {@link TapeSearchMatcher#tapeText}), the frame's method and tool, the
 * tape's tags. Computed here, when a row is written, so the SQL search gives the matcher's answers.
 *
 * @param method the frame's JSON-RPC method, or null
 * @param tool   the tool a {@code tools/call} names, or null
 * @param text   the folded text
 */
record SearchColumns(String method, String tool, String text) {

    /** A frame's columns; {@code message} is the frame's message. */
    static SearchColumns ofMessage(JsonNode message) {
        Frame f = Frame.of(0, 0, Direction.CLIENT_TO_SERVER, message); // Frame's own rule for method and tool
        return new SearchColumns(clean(f.method()), clean(f.toolName()), clean(TapeSearchMatcher.messageText(message)));
    }

    /** A tape's folded text. */
    static String tapeText(TapeHeader header) {
        TapeMetadata m = header.metadata();
        return clean(TapeSearchMatcher.tapeText(m.name(), m.description(), m.tags()));
    }

    static Array tags(Connection c, TapeHeader header) throws SQLException {
        return c.createArrayOf("text", header.metadata().tags().stream().map(SearchColumns::clean).toArray());
    }

    // PostgreSQL text holds no NUL; a needle never holds one either (queries are typed), so a line break stands in.
    private static String clean(String s) {
        return s == null || s.indexOf('\0') < 0 ? s : s.replace('\0', '\n');
    }

    /**
     * Fills the version 2 columns of every row a version 1 schema holds, in the migrating transaction: a
     * thousand frames per round trip, read and updated by primary key.
     */
    static void backfill(Connection c, String q) throws SQLException {
        List<Object[]> tapes = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT tape_key, meta FROM " + q + ".tapes");
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                tapes.add(new Object[] {r.getLong(1), r.getString(2)});
            }
        }
        try (PreparedStatement u = c.prepareStatement("UPDATE " + q + ".tapes SET text_folded = ?, tags = ?"
                + " WHERE tape_key = ?")) {
            for (Object[] t : tapes) {
                TapeHeader h;
                try {
                    h = TapeMetaJson.read(new ByteArrayInputStream(((String) t[1]).getBytes(StandardCharsets.UTF_8)),
                            "postgres tape row " + t[0]);
                } catch (IOException e) {
                    continue; // unreadable meta is reported when the tape is read; search leaves it out
                }
                u.setString(1, tapeText(h));
                u.setArray(2, tags(c, h));
                u.setLong(3, (Long) t[0]);
                u.addBatch();
            }
            u.executeBatch();
        }
        long afterKey = -1;
        int afterN = -1;
        try (PreparedStatement p = c.prepareStatement("SELECT tape_key, n, line FROM " + q + ".frames WHERE"
                + " (tape_key, n) > (?, ?) ORDER BY tape_key, n LIMIT 1000");
             PreparedStatement u = c.prepareStatement("UPDATE " + q + ".frames SET method = ?, tool = ?,"
                     + " text_folded = ?, direction = ?, message = ?::jsonb WHERE tape_key = ? AND n = ?")) {
            while (true) {
                p.setLong(1, afterKey);
                p.setInt(2, afterN);
                int rows = 0;
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        rows++;
                        afterKey = r.getLong(1);
                        afterN = r.getInt(2);
                        JsonNode line = TapeJson.parse(r.getString(3));
                        JsonNode message = Lines.message(line);
                        if (message == null) {
                            continue;
                        }
                        SearchColumns s = ofMessage(message);
                        u.setString(1, s.method());
                        u.setString(2, s.tool());
                        u.setString(3, s.text());
                        u.setString(4, Lines.direction(line)); // version 1 stored neither (it read the wrong keys)
                        u.setString(5, Lines.jsonb(message));
                        u.setLong(6, afterKey);
                        u.setInt(7, afterN);
                        u.addBatch();
                    }
                }
                if (rows == 0) {
                    return;
                }
                u.executeBatch();
            }
        }
    }
}
