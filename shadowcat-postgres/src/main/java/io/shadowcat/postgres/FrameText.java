package io.shadowcat.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of {@code frame_text} (schema version 3): the folded text of a run of consecutive frames of one
 * tape, the frames' texts ({@link SearchColumns#text()}) joined by {@link #SEPARATOR}, with their seqs in the
 * same order and the text's {@link #grams}, keyed by the run's first line number. One row per committed batch
 * (split after {@link #MAX_FRAMES} frames or {@link #MAX_CHARS} characters). Frames without a message have
 * no text and are left out, as search never finds them.
 *
 * <p>The separator is an upper-case letter: folded text is lower case ({@link java.util.Locale#ROOT}) and
 * holds none, nor does any folded needle, so a needle found in a row lies inside one frame's text; the search
 * still reads the frames of a row one by one, for their count and seqs.
 *
 * <p>The grams are what the row is indexed by (a GIN index on an {@code integer[]}, built into PostgreSQL):
 * every run of three consecutive UTF-16 characters of the text, as a number ({@link #gram}), each once. A
 * needle of three characters or more occurs in a text only if the text's grams hold all of the needle's, so
 * {@code grams @> needle's grams} finds every row that may hold it, and {@code LIKE} then says which do. They
 * are computed here, by the writer, because the server's trigram extraction ({@code pg_trgm}) of a whole
 * batch's text cost more than the rest of the insert; the numbers are part of the stored format.
 */
final class FrameText {

    /** Between two frames' texts in a row; never in a folded text or needle. */
    static final char SEPARATOR = 'X';
    /** Frames in one row at most. */
    static final int MAX_FRAMES = 256;
    /** A row is closed once its text holds this many characters (a longer frame has a row of its own). */
    static final int MAX_CHARS = 1 << 20;
    /** Needles shorter than this have no grams: search reads every row's text for them. */
    static final int GRAM_LENGTH = 3;

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
                + " text_folded, grams) VALUES (?, ?, ?, ?, ?)")) {
            for (Run r : runs) {
                p.setLong(1, tapeKey);
                p.setInt(2, r.firstN());
                p.setArray(3, c.createArrayOf("int8", r.seqs().toArray()));
                p.setString(4, r.text().toString());
                p.setArray(5, gramArray(c, r.text()));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** {@code text}'s grams as an SQL {@code integer[]}. */
    static Array gramArray(Connection c, CharSequence text) throws SQLException {
        return c.createArrayOf("int4", Arrays.stream(grams(text)).boxed().toArray());
    }

    /** The distinct grams of {@code text}, ascending; none when it is shorter than {@link #GRAM_LENGTH}. */
    static int[] grams(CharSequence text) {
        int count = text.length() - GRAM_LENGTH + 1;
        if (count <= 0) {
            return new int[0];
        }
        // a batch repeats most of its grams: they are told apart in an open-addressing set, only the few
        // distinct ones sorted (sorting every window cost as much as the server's extraction saved)
        int[] table = new int[64];
        boolean zero = false; // 0 marks a free slot: gram 0 is kept apart
        int size = 0;
        for (int i = 0; i < count; i++) {
            int g = gram(text.charAt(i), text.charAt(i + 1), text.charAt(i + 2));
            if (g == 0) {
                zero = true;
                continue;
            }
            if (insert(table, g)) {
                if (++size * 2 > table.length) {
                    table = grown(table);
                }
            }
        }
        int[] out = new int[size + (zero ? 1 : 0)];
        int k = 0;
        if (zero) {
            out[k++] = 0;
        }
        for (int g : table) {
            if (g != 0) {
                out[k++] = g;
            }
        }
        Arrays.sort(out);
        return out;
    }

    // Adds g (not 0) to the set; true when it was not there.
    private static boolean insert(int[] table, int g) {
        int mask = table.length - 1;
        int slot = (g ^ (g >>> 16)) & mask; // grams are a multiplicative hash already: both halves vary
        while (table[slot] != 0) {
            if (table[slot] == g) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        table[slot] = g;
        return true;
    }

    private static int[] grown(int[] table) {
        int[] bigger = new int[table.length * 2];
        for (int g : table) {
            if (g != 0) {
                insert(bigger, g);
            }
        }
        return bigger;
    }

    /**
     * Three characters as one number: their 48 bits, multiplied by an odd constant, top 32 bits. Stored, so
     * fixed: changing it needs a schema version that computes every row's grams again.
     */
    static int gram(char a, char b, char c) {
        long v = ((long) a << 32) | ((long) b << 16) | c;
        return (int) ((v * 0x9E3779B97F4A7C15L) >>> 32);
    }

    /**
     * Moves the text of every frame of a version 2 schema ({@code frames.text_folded}) into {@code frame_text}
     * rows, in the migrating transaction: read in the frames' order a thousand at a time and cut into runs as
     * the writer cuts them; a tape's rows are inserted 64 at a time (which may end a run early), so that what is
     * held here stays bounded.
     */
    static void moveFromFrames(Connection c, String q) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT tape_key, n, seq, text_folded FROM " + q + ".frames"
                + " WHERE text_folded IS NOT NULL ORDER BY tape_key, n")) {
            p.setFetchSize(1000);
            FrameText text = null;
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long key = r.getLong(1);
                    if (text == null || text.tapeKey != key || text.runs.size() >= 64) {
                        if (text != null) {
                            text.insert(c, q);
                        }
                        text = new FrameText(key);
                    }
                    text.add(r.getInt(2), r.getLong(3), r.getString(4));
                }
            }
            if (text != null) {
                text.insert(c, q);
            }
        }
    }
}
