package io.shadowcat.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.CorrelationStatus;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStats;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.tape.TapeFormatException;
import io.shadowcat.storage.support.TapeMetaJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads and writes a tape's rows: the tape itself, its tags, its index entry and its correlations. */
final class TapeRow {

    /** The columns {@link #summary} expects, in order, from table alias {@code t}. */
    static final String SUMMARY_COLUMNS = "t.id, t.name, t.session_id, t.created_at, t.status, t.frame_count,"
            + " t.duration_ms, t.size_bytes, t.tags";

    private static final String INSERT = "INSERT INTO tapes (id, session_id, created_at, created_ms, protocol_version,"
            + " name, name_folded, description, tags, status, updated_at, finalized_at, frame_count, last_seq,"
            + " duration_ms, size_bytes, client_to_server, server_to_client, error_count, correlation_count, meta)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE tapes SET id = ?, session_id = ?, created_at = ?, created_ms = ?,"
            + " protocol_version = ?, name = ?, name_folded = ?, description = ?, tags = ?, status = ?,"
            + " updated_at = ?, finalized_at = ?, frame_count = ?, last_seq = ?, duration_ms = ?, size_bytes = ?,"
            + " client_to_server = ?, server_to_client = ?, error_count = ?, correlation_count = ?, meta = ?"
            + " WHERE key = ?";

    private TapeRow() {
    }

    /** The row key of a tape, or -1 when there is none. */
    static long keyOf(SqlSession s, TapeId id) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT key FROM tapes WHERE id = ?");
        ps.setString(1, id.value());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    /** Inserts a tape row with its tags and index entry; the stats columns come from the metadata's stats. */
    static long insert(SqlSession s, TapeHeader header) throws SQLException {
        PreparedStatement ps = s.prepare(INSERT);
        bind(ps, header);
        ps.executeUpdate();
        long key = FrameRow.lastRowid(s);
        insertTagsAndText(s, key, header.metadata());
        return key;
    }

    /** Rewrites a tape row; false when the tape is gone (deleted meanwhile). */
    static boolean update(SqlSession s, long key, TapeHeader header, boolean describedChanged) throws SQLException {
        PreparedStatement ps = s.prepare(UPDATE);
        bind(ps, header);
        ps.setLong(22, key);
        if (ps.executeUpdate() == 0) {
            return false;
        }
        if (describedChanged) {
            deleteTagsAndText(s, key);
            insertTagsAndText(s, key, header.metadata());
        }
        return true;
    }

    private static void bind(PreparedStatement ps, TapeHeader header) throws SQLException {
        TapeMetadata m = header.metadata();
        TapeStats stats = m.stats();
        ps.setString(1, header.id().value());
        FrameRow.setNullable(ps, 2, header.sessionId());
        ps.setString(3, header.createdAt().toString());
        ps.setLong(4, epochMillis(header.createdAt()));
        FrameRow.setNullable(ps, 5, header.protocolVersion());
        FrameRow.setNullable(ps, 6, m.name());
        FrameRow.setNullable(ps, 7, m.name() == null ? null : fold(m.name()));
        FrameRow.setNullable(ps, 8, m.description());
        ps.setString(9, tagsJson(m.tags()));
        ps.setString(10, m.status().wireName());
        FrameRow.setNullable(ps, 11, m.updatedAt() == null ? null : m.updatedAt().toString());
        FrameRow.setNullable(ps, 12, m.finalizedAt() == null ? null : m.finalizedAt().toString());
        ps.setLong(13, stats.frameCount());
        if (stats.frameCount() == 0) {
            ps.setNull(14, Types.INTEGER);
        } else {
            ps.setLong(14, stats.lastSequence());
        }
        ps.setLong(15, stats.durationMs());
        ps.setLong(16, stats.fileSizeBytes());
        ps.setLong(17, stats.clientToServer());
        ps.setLong(18, stats.serverToClient());
        ps.setLong(19, stats.errorCount());
        ps.setLong(20, stats.correlationCount());
        ps.setString(21, new String(TapeMetaJson.toBytes(header), StandardCharsets.UTF_8));
    }

    private static void insertTagsAndText(SqlSession s, long key, TapeMetadata m) throws SQLException {
        PreparedStatement tag = s.prepare("INSERT OR IGNORE INTO tape_tags (tag, tape_key) VALUES (?, ?)");
        for (String t : m.tags()) {
            tag.setString(1, t);
            tag.setLong(2, key);
            tag.executeUpdate();
        }
        PreparedStatement text = s.prepare("INSERT INTO tape_text (rowid, name, description, tags) VALUES (?, ?, ?, ?)");
        text.setLong(1, key);
        FrameRow.setNullable(text, 2, m.name());
        FrameRow.setNullable(text, 3, m.description());
        text.setString(4, String.join("\n", m.tags()));
        text.executeUpdate();
    }

    private static void deleteTagsAndText(SqlSession s, long key) throws SQLException {
        PreparedStatement tags = s.prepare("DELETE FROM tape_tags WHERE tape_key = ?");
        tags.setLong(1, key);
        tags.executeUpdate();
        PreparedStatement text = s.prepare("DELETE FROM tape_text WHERE rowid = ?");
        text.setLong(1, key);
        text.executeUpdate();
    }

    /** Deletes a tape and everything that belongs to it. */
    static void delete(SqlSession s, long key) throws SQLException {
        for (String sql : List.of(
                "DELETE FROM frame_text WHERE rowid IN (SELECT id FROM frames WHERE tape_key = ?)",
                "DELETE FROM frames WHERE tape_key = ?",
                "DELETE FROM correlations WHERE tape_key = ?")) {
            PreparedStatement ps = s.prepare(sql);
            ps.setLong(1, key);
            ps.executeUpdate();
        }
        deleteTagsAndText(s, key);
        PreparedStatement ps = s.prepare("DELETE FROM tapes WHERE key = ?");
        ps.setLong(1, key);
        ps.executeUpdate();
    }

    static void insertCorrelation(SqlSession s, long key, long ord, Correlation c) throws SQLException {
        PreparedStatement ps = s.prepare("INSERT INTO correlations (tape_key, ord, id, request_seq, response_seq,"
                + " request_ts, response_ts, rtt_ms, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ps.setLong(1, key);
        ps.setLong(2, ord);
        ps.setString(3, c.id());
        ps.setLong(4, c.requestSeq());
        ps.setLong(5, c.responseSeq());
        ps.setLong(6, c.requestTs());
        ps.setLong(7, c.responseTs());
        ps.setLong(8, c.rttMs());
        ps.setString(9, c.status().wireName());
        ps.executeUpdate();
    }

    static List<Correlation> correlations(SqlSession s, long key, long afterOrd, int limit) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT id, request_seq, response_seq, request_ts, response_ts, rtt_ms,"
                + " status FROM correlations WHERE tape_key = ? AND ord > ? ORDER BY ord LIMIT ?");
        ps.setLong(1, key);
        ps.setLong(2, afterOrd);
        ps.setInt(3, limit);
        List<Correlation> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Correlation(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), CorrelationStatus.parse(rs.getString(7))));
            }
        }
        return out;
    }

    /**
     * The header stored for a tape, or null when there is none: the {@code meta} column (the tape's
     * {@code ID.meta.json}) and the session id, which that file does not hold.
     *
     * @throws TapeFormatException when the stored metadata cannot be read
     */
    static TapeHeader header(SqlSession s, TapeId id) throws SQLException, TapeFormatException {
        PreparedStatement ps = s.prepare("SELECT meta, session_id FROM tapes WHERE id = ?");
        ps.setString(1, id.value());
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            TapeHeader meta;
            try {
                meta = TapeMetaJson.read(new ByteArrayInputStream(rs.getString(1).getBytes(StandardCharsets.UTF_8)),
                        "tapes.meta of tape " + id);
            } catch (TapeFormatException e) {
                throw e;
            } catch (IOException e) {
                throw new TapeFormatException("tapes.meta of tape " + id, 0, e.getMessage(), e);
            }
            return new TapeHeader(id, rs.getString(2), meta.createdAt(), meta.protocolVersion(), meta.metadata());
        }
    }

    /** Reads a summary from a row selected with {@link #SUMMARY_COLUMNS} starting at column 1. */
    static TapeSummary summary(ResultSet rs) throws SQLException, JsonProcessingException {
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : Json.read(rs.getString(9))) {
            tags.add(tag.asText());
        }
        return new TapeSummary(TapeId.of(rs.getString(1)), rs.getString(2), rs.getString(3),
                Instant.parse(rs.getString(4)), TapeStatus.parse(rs.getString(5)), rs.getLong(6), rs.getLong(7),
                rs.getLong(8), tags);
    }

    /** Epoch milliseconds, clamped for instants outside the range a long holds. */
    static long epochMillis(Instant instant) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** The case-folded form names are matched in. */
    static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static String tagsJson(List<String> tags) {
        ArrayNode a = Json.mapper().createArrayNode();
        tags.forEach(a::add);
        return Json.write(a);
    }
}
