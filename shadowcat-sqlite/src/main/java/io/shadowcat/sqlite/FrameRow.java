package io.shadowcat.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.FrameFlags;
import io.shadowcat.tape.TapeJson;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * A frame as the {@code frames} table stores it, serialized once when it is appended so that the write
 * transaction only binds values.
 */
record FrameRow(long seq, long ts, Direction direction, String method, String tool, String rpcId,
                String message, String transport, String correlationId, int flags, String timestamp,
                FrameText text) {

    static final String INSERT = "INSERT INTO frames (tape_key, seq, ts, direction, method, tool, rpc_id, message,"
            + " transport, correlation_id, flags, timestamp, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String INSERT_TEXT = "INSERT INTO frame_text (rowid, body, method, tools) VALUES (?, ?, ?, ?)";
    /** The columns {@link #read} expects, in order. */
    static final String COLUMNS = "seq, ts, direction, message, transport, correlation_id, flags, timestamp";
    /** How many columns {@link #COLUMNS} names. */
    static final int COLUMN_COUNT = 8;

    private static final int ERROR = 1;
    private static final int NOTIFICATION = 2;
    private static final int REQUIRES_RESPONSE = 4;

    static FrameRow of(Frame frame) {
        JsonNode id = frame.message().isObject() ? frame.message().get("id") : null;
        FrameFlags f = frame.flags();
        int flags = (f.isError() ? ERROR : 0) | (f.isNotification() ? NOTIFICATION : 0)
                | (f.requiresResponse() ? REQUIRES_RESPONSE : 0);
        return new FrameRow(frame.seq(), frame.ts(), frame.direction(), frame.method(), frame.toolName(),
                id == null ? null : Json.write(id), frame.text(), // the message as written, not re-serialized
                frame.transport() == null ? null : Json.write(frame.transport()), frame.correlationId(), flags,
                frame.timestamp() == null ? null : TapeJson.formatInstant(frame.timestamp()),
                FrameText.of(frame.message()));
    }

    /** Bytes of the stored message, counted as the tape's size. */
    long sizeBytes() {
        return message.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Inserts the frame and its index entry.
     *
     * @param id the frame's row id, which is also its index entry's: see {@link #nextId}
     */
    void insert(SqlSession s, long tapeKey, long id) throws SQLException {
        PreparedStatement ps = s.prepare(INSERT);
        ps.setLong(1, tapeKey);
        ps.setLong(2, seq);
        ps.setLong(3, ts);
        ps.setString(4, direction.wireName());
        setNullable(ps, 5, method);
        setNullable(ps, 6, tool);
        setNullable(ps, 7, rpcId);
        ps.setString(8, message);
        setNullable(ps, 9, transport);
        setNullable(ps, 10, correlationId);
        ps.setInt(11, flags);
        setNullable(ps, 12, timestamp);
        ps.setLong(13, id);
        ps.executeUpdate();
        PreparedStatement fts = s.prepare(INSERT_TEXT);
        fts.setLong(1, id);
        fts.setString(2, text.body());
        setNullable(fts, 3, method);
        fts.setString(4, text.tools());
        fts.executeUpdate();
    }

    /** Reads a frame from a result set positioned on a row selected with {@link #COLUMNS}. */
    static Frame read(ResultSet rs) throws SQLException, JsonProcessingException {
        String transport = rs.getString(5);
        int flags = rs.getInt(7);
        String timestamp = rs.getString(8);
        String message = rs.getString(4);
        return new Frame(rs.getLong(1), rs.getLong(2), Direction.parse(rs.getString(3)), Json.read(message),
                transport == null ? null : Json.read(transport), rs.getString(6),
                new FrameFlags((flags & ERROR) != 0, (flags & NOTIFICATION) != 0, (flags & REQUIRES_RESPONSE) != 0),
                timestamp == null ? null : Instant.parse(timestamp), message);
    }

    /**
     * The first free frame row id. Valid for the rest of a write transaction: the writer connection holds
     * the database's write lock, so no one else inserts meanwhile. Saves a round trip per frame.
     */
    static long nextId(SqlSession s) throws SQLException {
        try (ResultSet rs = s.prepare("SELECT coalesce(max(id), 0) + 1 FROM frames").executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long lastRowid(SqlSession s) throws SQLException {
        try (ResultSet rs = s.prepare("SELECT last_insert_rowid()").executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }
}
