package io.shadowcat.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.tape.TapeStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns listings and searches into SQL.
 *
 * <p>Text search follows the shared query semantics: every word and every quoted phrase must occur
 * somewhere in a tape - in a message, a method, a tool name, or the tape's name, description or tags -
 * not necessarily in the same frame. Each item is one FTS5 phrase query over both index tables; its
 * best-ranked match per tape counts, and a tape's score is the sum over items of FTS5's bm25 rank (the
 * name, method and tool columns weigh more than message text). Filters narrow on indexed columns.
 */
final class TapeFinder {

    /** At most this many matching frame seqs are reported per hit. */
    static final int MAX_FRAME_SEQS = io.shadowcat.storage.support.TapeSearchMatcher.MAX_FRAME_SEQS;

    // bm25 column weights: frame_text(body, method, tools), tape_text(name, description, tags)
    private static final String FRAME_RANK = "bm25(frame_text, 1.0, 4.0, 4.0)";
    private static final String TAPE_RANK = "bm25(tape_text, 6.0, 2.0, 4.0)";

    private TapeFinder() {
    }

    /**
     * @param crashedIds the tapes stored as recording whose writer is gone: reported as errors, so a status
     *                   filter counts them as such
     */
    static Page<TapeSummary> list(SqlSession s, TapeQuery q, Set<String> crashedIds)
            throws SQLException, JsonProcessingException {
        Filters f = new Filters();
        f.tags(q.tags());
        f.status(q.status(), crashedIds);
        f.equal("t.session_id", q.sessionId());
        if (q.nameContains() != null && !q.nameContains().isEmpty()) {
            f.add("instr(t.name_folded, ?) > 0", TapeRow.fold(q.nameContains()));
        }
        f.range(q.createdAfter(), q.createdBefore());
        String sql = "SELECT " + TapeRow.SUMMARY_COLUMNS + ", count(*) OVER () AS total FROM tapes t" + f.where()
                + " ORDER BY t.created_ms DESC, t.id LIMIT ? OFFSET ?";
        List<TapeSummary> items = new ArrayList<>();
        long total = 0;
        try (PreparedStatement ps = s.prepareOnce(sql)) {
            int i = f.bind(ps, 1);
            ps.setInt(i++, q.limit());
            ps.setInt(i, q.offset());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(TapeRow.summary(rs));
                    total = rs.getLong("total");
                }
            }
        }
        if (items.isEmpty() && q.offset() > 0) {
            total = count(s, "SELECT count(*) FROM tapes t" + f.where(), f);
        } else if (items.isEmpty()) {
            total = 0;
        }
        return new Page<>(items, total, q.offset(), q.limit());
    }

    /** @param crashedIds as for {@link #list} */
    static Page<SearchHit> search(SqlSession s, SearchQuery q, Set<String> crashedIds)
            throws SQLException, JsonProcessingException {
        List<String> indexed = new ArrayList<>();
        List<String> scanned = new ArrayList<>();
        for (String item : items(q)) {
            (indexable(item) ? indexed : scanned).add(item);
        }
        Filters f = new Filters();
        f.tags(q.tags());
        f.exists("frames_by_method", "method", q.method());
        f.exists("frames_by_tool", "tool", q.tool());
        f.equal("t.session_id", q.session());
        f.status(q.status(), crashedIds);
        f.range(q.after(), q.before());

        // Without short items the database pages; with them, every candidate is fetched and checked here.
        boolean paged = scanned.isEmpty();
        StringBuilder sql = new StringBuilder();
        List<String> params = new ArrayList<>();
        if (indexed.isEmpty()) {
            sql.append("SELECT ").append(TapeRow.SUMMARY_COLUMNS).append(", 0.0 AS score, count(*) OVER () AS total,"
                    + " t.key AS tape_key")
                    .append(" FROM tapes t").append(f.where()).append(" ORDER BY t.created_ms DESC, t.id");
        } else {
            sql.append("WITH ");
            for (int i = 0; i < indexed.size(); i++) {
                if (i > 0) {
                    sql.append(", ");
                }
                // per item: each tape's best rank and the frames that matched, in one pass over the index
                sql.append("m").append(i).append(" (tape_key, score, seqs) AS (SELECT tape_key, min(score),"
                        + " group_concat(seq) FROM (SELECT f.tape_key AS tape_key, " + FRAME_RANK + " AS score,"
                        + " f.seq AS seq FROM frame_text JOIN frames f ON f.id = frame_text.rowid"
                        + " WHERE frame_text MATCH ? UNION ALL SELECT tape_text.rowid, " + TAPE_RANK + ", NULL"
                        + " FROM tape_text WHERE tape_text MATCH ?) GROUP BY tape_key)");
                params.add(ftsString(indexed.get(i)));
                params.add(ftsString(indexed.get(i)));
            }
            StringBuilder score = new StringBuilder("m0.score");
            StringBuilder seqs = new StringBuilder("m0.seqs");
            StringBuilder from = new StringBuilder(" FROM m0");
            for (int i = 1; i < indexed.size(); i++) {
                score.append(" + m").append(i).append(".score");
                seqs.append(" || ',' || coalesce(m").append(i).append(".seqs, '')");
                from.append(" JOIN m").append(i).append(" ON m").append(i).append(".tape_key = m0.tape_key");
            }
            sql.append(" SELECT ").append(TapeRow.SUMMARY_COLUMNS).append(", ").append(score)
                    .append(" AS score, count(*) OVER () AS total, t.key AS tape_key, coalesce(").append(seqs)
                    .append(", '') AS seqs").append(from)
                    .append(" JOIN tapes t ON t.key = m0.tape_key").append(f.where())
                    .append(" ORDER BY score, t.created_ms DESC, t.id");
        }
        if (paged) {
            sql.append(" LIMIT ? OFFSET ?");
        }
        List<SearchHit> hits = new ArrayList<>();
        List<Long> keys = new ArrayList<>();
        long total = 0;
        try (PreparedStatement ps = s.prepareOnce(sql.toString())) {
            int i = 1;
            for (String p : params) {
                ps.setString(i++, p);
            }
            i = f.bind(ps, i);
            if (paged) {
                ps.setInt(i++, q.limit());
                ps.setInt(i, q.offset());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long key = rs.getLong("tape_key");
                    if (!paged && !ShortItems.present(s, key, scanned)) {
                        continue;
                    }
                    // bm25 is lower for better matches; a hit's score is higher for better matches
                    List<Long> frames = indexed.isEmpty() || !paged ? List.of() : seqs(rs.getString("seqs"));
                    hits.add(new SearchHit(TapeRow.summary(rs), -rs.getDouble("score"), frames));
                    keys.add(key);
                    total = rs.getLong("total");
                }
            }
        }
        if (!paged) {
            total = hits.size();
            int from = (int) Math.min(q.offset(), hits.size());
            int to = (int) Math.min((long) from + q.limit(), hits.size());
            hits = new ArrayList<>(hits.subList(from, to));
            keys = new ArrayList<>(keys.subList(from, to));
        } else if (hits.isEmpty()) {
            total = q.offset() > 0 ? countHits(s, q, crashedIds) : 0;
        }
        if (!paged) {
            List<String> all = items(q);
            for (int h = 0; h < hits.size(); h++) {
                SearchHit hit = hits.get(h);
                hits.set(h, new SearchHit(hit.tape(), hit.score(),
                        ShortItems.matchingFrames(s, keys.get(h), all, MAX_FRAME_SEQS)));
            }
        }
        return new Page<>(hits, total, q.offset(), q.limit());
    }

    // A page past the end still reports how many results there are: the first result's window count.
    private static long countHits(SqlSession s, SearchQuery q, Set<String> crashedIds)
            throws SQLException, JsonProcessingException {
        return search(s, q.page(0, 1), crashedIds).total();
    }

    // "3,1,3,2" (group_concat of every item's matching frames) -> [1, 2, 3], at most MAX_FRAME_SEQS
    private static List<Long> seqs(String concatenated) {
        java.util.TreeSet<Long> seqs = new java.util.TreeSet<>();
        for (String part : concatenated.split(",")) {
            if (!part.isEmpty()) {
                seqs.add(Long.parseLong(part));
            }
        }
        return seqs.stream().limit(MAX_FRAME_SEQS).toList();
    }

    /** Every word and phrase of the query, as typed. */
    static List<String> items(SearchQuery q) {
        List<String> items = new ArrayList<>(q.terms());
        items.addAll(q.phrases());
        return items;
    }

    /**
     * True when the index can answer for this item: the trigram tokenizer needs at least three characters.
     * Shorter items are checked by scanning the candidates' text.
     */
    static boolean indexable(String item) {
        return item.codePointCount(0, item.length()) >= 3;
    }

    /** An item as an FTS5 string: a phrase of its trigrams, matched as a substring. */
    static String ftsString(String item) {
        return "\"" + item.replace("\"", "\"\"") + "\"";
    }

    private static long count(SqlSession s, String sql, Filters f) throws SQLException {
        try (PreparedStatement ps = s.prepareOnce(sql)) {
            f.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** WHERE conditions over table alias {@code t} and their parameters, in order. */
    private static final class Filters {
        private final List<String> conditions = new ArrayList<>();
        private final List<Object> params = new ArrayList<>();

        void add(String condition, Object... values) {
            conditions.add(condition);
            params.addAll(List.of(values));
        }

        void equal(String column, String value) {
            if (value != null) {
                add(column + " = ?", value);
            }
        }

        void status(TapeStatus status, Set<String> crashedIds) {
            if (status == null) {
                return;
            }
            if (crashedIds.isEmpty() || (status != TapeStatus.ERROR && status != TapeStatus.RECORDING)) {
                equal("t.status", status.wireName());
                return;
            }
            String ids = String.join(", ", java.util.Collections.nCopies(crashedIds.size(), "?"));
            add(status == TapeStatus.ERROR ? "(t.status = 'error' OR t.id IN (" + ids + "))"
                    : "(t.status = 'recording' AND t.id NOT IN (" + ids + "))", crashedIds.toArray());
        }

        void tags(Set<String> tags) {
            for (String tag : tags) {
                add("EXISTS (SELECT 1 FROM tape_tags g WHERE g.tag = ? AND g.tape_key = t.key)", tag);
            }
        }

        void exists(String index, String column, String value) {
            if (value != null) {
                add("EXISTS (SELECT 1 FROM frames x INDEXED BY " + index + " WHERE x." + column
                        + " = ? AND x.tape_key = t.key)", value);
            }
        }

        void range(Instant after, Instant before) {
            if (after != null) {
                add("t.created_ms >= ?", TapeRow.epochMillis(after));
            }
            if (before != null) {
                add("t.created_ms < ?", TapeRow.epochMillis(before));
            }
        }

        String where() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        int bind(PreparedStatement ps, int first) throws SQLException {
            int i = first;
            for (Object p : params) {
                if (p instanceof Long l) {
                    ps.setLong(i++, l);
                } else {
                    ps.setString(i++, (String) p);
                }
            }
            return i;
        }
    }
}
