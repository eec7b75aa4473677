package io.shadowcat.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of {@code frame_text} (schema version 3): the folded text of a run of consecutive frames of one
 * tape, the frames' texts ({@link SearchColumns#text()}) joined by {@link #SEPARATOR}, with their seqs in the
 * same order, keyed by the run's first line number. One row per committed batch (split after
 * {@link #MAX_FRAMES} frames or {@link #MAX_CHARS} characters), so the trigram index gets one entry per
 * distinct trigram of the batch instead of one per frame. Frames without a message have no text and are left
 * out, as search never finds them.
 *
 * <p>The separator is an upper-case letter: folded text is lower case ({@link java.util.Locale#ROOT}) and
 * holds none, nor does any folded needle, so a needle found in a row lies inside one frame's text; the search
 * still reads the frames of a row one by one, for their count and seqs.
 */
final class FrameText {

    /** Between two frames' texts in a row; never in a folded text or needle. */
    static final char SEPARATOR = 'X';
    /** Frames in one row at most. */
    static final int MAX_FRAMES = 256;
    /** A row is closed once its text holds this many characters (a longer frame has a row of its own). */
    static final int MAX_CHARS = 1 << 20;

    private final long tapeKey;
    private final List<Run> runs = new ArrayList<>();
    private Run open;

    private record Run(int firstN, List<Long> seqs, StringBuilder text) {
    }

    FrameText(long tapeKey) {
        this.tapeKey = tapeKey;
    }

    /** Adds line {@code n}, a frame with seq {@code seq} and folded text {@code text} (null: none). */
    void add(int n, long seq, String text) {
        if (text == null) {
            return;
        }
        if (open == null || open.seqs().size() >= MAX_FRAMES || open.text().length() >= MAX_CHARS) {
            open = new Run(n, new ArrayList<>(), new StringBuilder(text.length() * 2));
            runs.add(open);
        } else {
            open.text().append(SEPARATOR);
        }
        open.seqs().add(seq);
        open.text().append(text);
    }

    /** Inserts the rows, in the caller's transaction. */
    void insert(Connection c, String q) throws SQLException {
        if (runs.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + q + ".frame_text (tape_key, first_n, seqs,"
                + " text_folded) VALUES (?, ?, ?, ?)")) {
            for (Run r : runs) {
                p.setLong(1, tapeKey);
                p.setInt(2, r.firstN());
                p.setArray(3, c.createArrayOf("int8", r.seqs().toArray()));
                p.setString(4, r.text().toString());
                p.addBatch();
            }
            p.executeBatch();
        }
    }
}
