package io.shadowcat.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Search items too short for the trigram index (one or two characters), checked by reading a candidate
 * tape's text: the same case-insensitive substring test the shared semantics define. Slow for big
 * candidate sets, which is why only these items take this path.
 */
final class ShortItems {

    private ShortItems() {
    }

    /** True when every item occurs in the tape's name, description, tags or a frame's text. */
    static boolean present(SqlSession s, long tapeKey, List<String> items) throws SQLException, JsonProcessingException {
        List<String> missing = new ArrayList<>();
        String described = describedText(s, tapeKey);
        for (String item : items) {
            if (!described.contains(item.toLowerCase(Locale.ROOT))) {
                missing.add(item.toLowerCase(Locale.ROOT));
            }
        }
        if (missing.isEmpty()) {
            return true;
        }
        PreparedStatement ps = s.prepare("SELECT message FROM frames WHERE tape_key = ? ORDER BY seq");
        ps.setLong(1, tapeKey);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next() && !missing.isEmpty()) {
                String text = frameText(rs.getString(1));
                missing.removeIf(text::contains);
            }
        }
        return missing.isEmpty();
    }

    /** The seqs of the frames whose text holds any of the items, at most {@code limit}. */
    static List<Long> matchingFrames(SqlSession s, long tapeKey, List<String> items, int limit)
            throws SQLException, JsonProcessingException {
        List<String> folded = items.stream().map(i -> i.toLowerCase(Locale.ROOT)).toList();
        List<Long> seqs = new ArrayList<>();
        PreparedStatement ps = s.prepare("SELECT seq, message FROM frames WHERE tape_key = ? ORDER BY seq");
        ps.setLong(1, tapeKey);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next() && seqs.size() < limit) {
                String text = frameText(rs.getString(2));
                if (folded.stream().anyMatch(text::contains)) {
                    seqs.add(rs.getLong(1));
                }
            }
        }
        return seqs;
    }

    private static String describedText(SqlSession s, long tapeKey) throws SQLException, JsonProcessingException {
        PreparedStatement ps = s.prepare("SELECT name, description, tags FROM tapes WHERE key = ?");
        ps.setLong(1, tapeKey);
        StringBuilder text = new StringBuilder();
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                for (int column = 1; column <= 2; column++) {
                    if (rs.getString(column) != null) {
                        text.append(rs.getString(column)).append('\n');
                    }
                }
                Json.read(rs.getString(3)).forEach(tag -> text.append(tag.asText()).append('\n'));
            }
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }

    private static String frameText(String message) throws JsonProcessingException {
        return FrameText.of(Json.read(message)).body().toLowerCase(Locale.ROOT);
    }
}
