package io.shadowcat.postgres;

import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.support.TapeSearchMatcher;
import io.shadowcat.tape.TapeStatus;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Listings and searches as SQL, giving {@link TapeSearchMatcher}'s answers: each needle (word or phrase, folded
 * as the stored {@code text_folded} is) must be a substring of the tape's text or of some frame's text, matched
 * with {@code LIKE '%needle%'}: in the tapes' text, which a trigram index answers when it exists (see
 * {@link TextIndex}), and in the text of runs of frames, found by their grams' index ({@link FrameText}), then
 * in each frame's text of the runs that hold one. The
 * score is {@link TapeSearchMatcher#score}: matching frames plus five per needle in the tape's text; when the
 * tape's text holds them all and no method or tool filter makes the matcher read frames, frames do not count.
 *
 * <p>A tape stored as recording whose writer is gone reads as an error, which only the store can tell: a
 * status filter of {@code paused} or {@code finalized} is exact here, one of {@code recording} or {@code error}
 * only narrows the rows to those stored so ({@link #storedAs}), and the store checks each (see
 * {@link #exactInSql}). Such queries, and listings by name, come back whole, unpaged.
 */
final class TapeFinder {

    /** A tape's row as found, with its score and matching frames (empty without needles). */
    record Row(long key, String id, String session, String meta, long bytes, boolean recording, double score,
               List<Long> seqs) {
    }

    /** Rows in the listing's order, and how many there are in all (unpaged: the rows' count). */
    record Found(List<Row> rows, long total) {
    }

    /** What SQL filters on: every field may be null or empty. */
    record Criteria(Set<String> tags, String session, Instant after, Instant before, String method, String tool,
                    List<String> needles, TapeStatus status) {

        static Criteria of(TapeQuery q) {
            return new Criteria(q.tags(), q.sessionId(), q.createdAfter(), q.createdBefore(), null, null, List.of(),
                    q.status());
        }

        static Criteria of(SearchQuery q) {
            return new Criteria(q.tags(), q.session(), q.after(), q.before(), q.method(), q.tool(),
                    new TapeSearchMatcher(q).needles(), q.status());
        }
    }

    /** True when SQL answers a status filter exactly: none, or one that a dead writer cannot change. */
    static boolean exactInSql(TapeStatus status) {
        return status == null || status == TapeStatus.PAUSED || status == TapeStatus.FINALIZED;
    }

    /** The stored statuses a tape reported as {@code status} may have. */
    static List<String> storedAs(TapeStatus status) {
        return switch (status) {
            case ERROR -> List.of("error", "recording"); // a recording whose writer died reads as error
            default -> List.of(status.wireName());
        };
    }

    private static final String COLUMNS = "tape_key, id, session_id, meta, size_bytes, status";

    private final String q;
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    private TapeFinder(String q) {
        this.q = q;
    }

    /**
     * @param q     the quoted schema
     * @param paged true to cut the page ({@code offset}, {@code limit}) in SQL; false for every row
     */
    static Found find(Connection c, String q, Criteria criteria, boolean paged, int offset, int limit)
            throws SQLException {
        Found found = new TapeFinder(q).run(c, criteria, paged, offset, limit);
        if (paged && found.rows().isEmpty() && offset > 0) { // past the end: the total still counts
            found = new Found(List.of(), new TapeFinder(q).run(c, criteria, true, 0, 1).total());
        }
        return found;
    }

    private Found run(Connection c, Criteria k, boolean paged, int offset, int limit) throws SQLException {
        List<String> needles = k.needles();
        boolean counted = false; // the total is counted apart: a window count would read every row, meta and all
        if (needles.isEmpty()) {
            sql.append("SELECT t.tape_key, t.id, t.session_id, t.meta, t.size_bytes, t.status, 0.0::float8 AS score,"
                    + " NULL::bigint[] AS seqs, 0::bigint AS total FROM ").append(q).append(".tapes t");
            filters(c, k, " WHERE ");
            sql.append(" ORDER BY t.created_ms DESC, t.id COLLATE \"C\"");
            counted = paged;
        } else {
            int n = needles.size();
            // every frame holding any needle, and which: the frame_text rows that may hold one (by the grams
            // index, unless a needle is too short to have grams), that do, then each frame's text in them
            sql.append("WITH hits AS (SELECT b.tape_key, u.seq");
            for (int i = 0; i < n; i++) {
                sql.append(", (u.t LIKE ?) AS h").append(i);
                params.add(pattern(needles.get(i)));
            }
            sql.append(" FROM ").append(q).append(".frame_text b CROSS JOIN LATERAL unnest(string_to_array(")
                    .append("b.text_folded, '").append(FrameText.SEPARATOR).append("'), b.seqs) AS u (t, seq) WHERE (");
            if (needles.stream().allMatch(x -> x.length() >= FrameText.GRAM_LENGTH)) {
                for (int i = 0; i < n; i++) {
                    sql.append(i == 0 ? "" : " OR ").append("b.grams @> ?");
                    params.add(FrameText.gramArray(c, needles.get(i)));
                }
                sql.append(") AND (");
            }
            anyLike("b.text_folded", needles);
            sql.append(") AND (");
            anyLike("u.t", needles);
            sql.append(")");
            sql.append("), per AS (SELECT tape_key, count(*) AS nf, (array_agg(seq ORDER BY seq))[1:")
                    .append(TapeSearchMatcher.MAX_FRAME_SEQS).append("] AS seqs");
            for (int i = 0; i < n; i++) {
                sql.append(", bool_or(h").append(i).append(") AS f").append(i);
            }
            sql.append(" FROM hits GROUP BY tape_key), cand AS (SELECT tape_key FROM per UNION SELECT tape_key FROM ")
                    .append(q).append(".tapes WHERE ");
            anyLike("text_folded", needles);
            sql.append("), x AS (SELECT t.tape_key, t.id, t.session_id, t.meta, t.size_bytes, t.status, t.created_ms,"
                    + " coalesce(per.nf, 0) AS nf, per.seqs");
            for (int i = 0; i < n; i++) {
                sql.append(", (t.text_folded LIKE ?) AS m").append(i);
                params.add(pattern(needles.get(i)));
                sql.append(", coalesce(per.f").append(i).append(", false) AS f").append(i);
            }
            sql.append(" FROM cand JOIN ").append(q).append(".tapes t ON t.tape_key = cand.tape_key LEFT JOIN per ON"
                    + " per.tape_key = cand.tape_key");
            filters(c, k, " WHERE ");
            List<String> all = new ArrayList<>();
            List<String> count = new ArrayList<>();
            List<String> found = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add("m" + i);
                count.add("m" + i + "::int");
                found.add("(m" + i + " OR f" + i + ")");
            }
            // with a method or tool filter the matcher reads the frames even when the tape's text has every needle
            String framesSkipped = k.method() == null && k.tool() == null ? "(" + String.join(" AND ", all) + ")"
                    : "false";
            sql.append(") SELECT ").append(COLUMNS).append(", CASE WHEN ").append(framesSkipped).append(" THEN ")
                    .append(5.0 * n).append(" ELSE nf + 5.0 * (").append(String.join(" + ", count))
                    .append(") END AS score, CASE WHEN ").append(framesSkipped)
                    .append(" THEN NULL ELSE seqs END AS seqs, count(*) OVER () AS total FROM x WHERE ")
                    .append(String.join(" AND ", found))
                    .append(" ORDER BY score DESC, created_ms DESC, id COLLATE \"C\"");
        }
        if (paged) {
            sql.append(" LIMIT ? OFFSET ?");
            params.add(limit);
            params.add(offset);
        }
        List<Row> rows = new ArrayList<>();
        long total = 0;
        try (PreparedStatement p = c.prepareStatement(sql.toString())) {
            bind(p);
            p.setFetchSize(1000);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    Array seqs = r.getArray(8);
                    List<Long> frames = seqs == null ? List.of() : Arrays.asList((Long[]) seqs.getArray());
                    rows.add(new Row(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
                            "recording".equals(r.getString(6)), r.getDouble(7), frames));
                    total = r.getLong(9);
                }
            }
        }
        if (counted) {
            total = count(c, k);
        }
        return new Found(rows, paged ? total : rows.size());
    }

    private long count(Connection c, Criteria k) throws SQLException {
        TapeFinder counter = new TapeFinder(q);
        counter.sql.append("SELECT count(*) FROM ").append(q).append(".tapes t");
        counter.filters(c, k, " WHERE ");
        try (PreparedStatement p = c.prepareStatement(counter.sql.toString())) {
            counter.bind(p);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private void bind(PreparedStatement p) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            if (v instanceof Array a) {
                p.setArray(i + 1, a);
            } else {
                p.setObject(i + 1, v);
            }
        }
    }

    private void filters(Connection c, Criteria k, String first) throws SQLException {
        List<String> conditions = new ArrayList<>();
        if (k.tags() != null && !k.tags().isEmpty()) {
            conditions.add("t.tags @> ?");
            params.add(c.createArrayOf("text", k.tags().toArray()));
        }
        if (k.session() != null) {
            conditions.add("t.session_id = ?");
            params.add(k.session());
        }
        if (k.after() != null) {
            conditions.add("t.created_ms >= ?");
            params.add(k.after().toEpochMilli());
        }
        if (k.before() != null) {
            conditions.add("t.created_ms < ?");
            params.add(k.before().toEpochMilli());
        }
        if (k.status() != null) {
            conditions.add("t.status = ANY (?)");
            params.add(c.createArrayOf("text", storedAs(k.status()).toArray()));
        }
        if (k.method() != null) {
            conditions.add("EXISTS (SELECT 1 FROM " + q + ".frames fm WHERE fm.method = ? AND fm.tape_key = t.tape_key)");
            params.add(k.method());
        }
        if (k.tool() != null) {
            conditions.add("EXISTS (SELECT 1 FROM " + q + ".frames ft WHERE ft.tool = ? AND ft.tape_key = t.tape_key)");
            params.add(k.tool());
        }
        if (!conditions.isEmpty()) {
            sql.append(first).append(String.join(" AND ", conditions));
        }
    }

    private void anyLike(String column, List<String> needles) {
        for (int i = 0; i < needles.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append(column).append(" LIKE ?");
            params.add(pattern(needles.get(i)));
        }
    }

    /** {@code %needle%} with LIKE's own characters escaped (the default escape is the backslash). */
    static String pattern(String needle) {
        return "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
