package io.shadowcat.postgres;

import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.StorageNotFoundException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables in their PostgreSQL schema, and their versions. A schema is ours when its {@code shadowcat_meta}
 * table says {@code application = }{@link #APPLICATION}; {@code version} is the schema version. A missing or
 * empty schema gets the current tables; an older version is migrated step by step; both in one transaction,
 * under a transaction-level advisory lock so that stores opening together do it once. Anything else (a newer
 * version, another application's tables) is an error, and the schema is left as it is.
 *
 * <p>The trigram indexes of the tapes' own text (and, before version 3, of the frames') are not part of a
 * version: they need the {@code pg_trgm} extension, which the role may not be allowed to create. Each open
 * that finds them missing tries again (see {@link TextIndex}). The frames' index ({@code frame_text_grams}) is
 * PostgreSQL's own and part of version 3.
 */
final class Schema {

    static final String APPLICATION = "shadowcat-tapes";
    /** The schema version this code reads and writes. */
    static final int CURRENT_VERSION = 3;

    /** Version 1; {@code %s} is the quoted schema name. */
    private static final List<String> VERSION_1 = List.of(
            """
            CREATE TABLE %s.tapes (
              tape_key     bigserial PRIMARY KEY,
              id           text NOT NULL UNIQUE,
              session_id   text,
              status       text NOT NULL CHECK (status IN ('recording', 'paused', 'finalized', 'error')),
              created_ms   bigint NOT NULL,
              finalized_ms bigint,
              frame_count  bigint NOT NULL DEFAULT 0,
              size_bytes   bigint NOT NULL DEFAULT 0,
              line_count   integer NOT NULL DEFAULT 0,
              meta         text NOT NULL
            )""",
            "CREATE INDEX tapes_by_created ON %s.tapes (created_ms DESC, id)",
            // the frames: columns for queries, the message as jsonb, and the line verbatim, which is what is read
            """
            CREATE TABLE %s.frames (
              tape_key  bigint NOT NULL REFERENCES %s.tapes (tape_key) ON DELETE CASCADE,
              n         integer NOT NULL,
              seq       bigint NOT NULL,
              ts        bigint NOT NULL,
              direction text NOT NULL,
              message   jsonb,
              line      text NOT NULL,
              PRIMARY KEY (tape_key, n)
            )""",
            // every other line of a tape (its init line, correlations, checkpoints), numbered with the frames
            """
            CREATE TABLE %s.records (
              tape_key bigint NOT NULL REFERENCES %s.tapes (tape_key) ON DELETE CASCADE,
              n        integer NOT NULL,
              kind     text NOT NULL,
              line     text NOT NULL,
              PRIMARY KEY (tape_key, n)
            )""");

    /**
     * Version 2: what search reads, beside each frame and tape. {@code text_folded} is
     * {@link io.shadowcat.storage.support.TapeSearchMatcher#messageText} of a frame's message (or
     * {@code tapeText} of the tape), computed by this code when the line is written, since the folding is
     * Java's and must match the needles exactly; {@code method} and {@code tool} are the frame's. The rows a
     * version 1 schema holds are filled in by {@link SearchColumns#backfill}.
     */
    private static final List<String> VERSION_2 = List.of(
            "ALTER TABLE %s.frames ADD COLUMN method text, ADD COLUMN tool text, ADD COLUMN text_folded text",
            "ALTER TABLE %s.tapes ADD COLUMN text_folded text NOT NULL DEFAULT '', ADD COLUMN tags text[] NOT NULL"
                    + " DEFAULT '{}'",
            "CREATE INDEX frames_by_method ON %s.frames (method, tape_key) WHERE method IS NOT NULL",
            "CREATE INDEX frames_by_tool ON %s.frames (tool, tape_key) WHERE tool IS NOT NULL",
            "CREATE INDEX tapes_by_session ON %s.tapes (session_id)",
            // listings order ids as Java does (code points), whatever the database's collation: the index too
            "DROP INDEX %s.tapes_by_created",
            "CREATE INDEX tapes_by_created ON %s.tapes (created_ms DESC, id COLLATE \"C\")");

    /**
     * Version 3: the folded text of frames moves from a column of each frame ({@code frames.text_folded}, which
     * had a {@code pg_trgm} index of its own: most of the cost of inserting a frame) to {@code frame_text}, a
     * row per run of at most {@link FrameText#MAX_FRAMES} consecutive frames of a tape (one per committed
     * batch), holding their seqs, their texts joined by {@link FrameText#SEPARATOR} and the text's
     * {@link FrameText#grams}, indexed by a GIN index on them; search finds the rows by it and then the frames
     * in them (see {@link TapeFinder}). The version 2 rows are moved by {@link FrameText#moveFromFrames}.
     */
    private static final List<String> VERSION_3_TABLE = List.of(
            """
            CREATE TABLE %s.frame_text (
              tape_key    bigint NOT NULL REFERENCES %s.tapes (tape_key) ON DELETE CASCADE,
              first_n     integer NOT NULL,
              seqs        bigint[] NOT NULL,
              text_folded text NOT NULL,
              grams       integer[] NOT NULL,
              PRIMARY KEY (tape_key, first_n)
            )""");
    /** After the move, in the same step. */
    private static final List<String> VERSION_3_INDEX = List.of(
            "DROP INDEX IF EXISTS %s.frames_text_trgm",
            "ALTER TABLE %s.frames DROP COLUMN text_folded",
            "CREATE INDEX frame_text_grams ON %s.frame_text USING gin (grams)");

    /** One step from version v to v + 1, run in the migrating transaction. */
    @FunctionalInterface
    private interface Step {
        void apply(Connection c, String q) throws SQLException;
    }

    /** MIGRATIONS.get(v) takes a schema from version v to v + 1; index 0 creates version 1. */
    private static final List<Step> MIGRATIONS = List.of(statements(VERSION_1), (c, q) -> {
        statements(VERSION_2).apply(c, q);
        SearchColumns.backfill(c, q);
    }, (c, q) -> {
        statements(VERSION_3_TABLE).apply(c, q);
        FrameText.moveFromFrames(c, q);
        statements(VERSION_3_INDEX).apply(c, q);
    });

    private static Step statements(List<String> sqls) {
        return (c, q) -> {
            try (Statement st = c.createStatement()) {
                for (String sql : sqls) {
                    st.execute(sql.replace("%s", q));
                }
            }
        };
    }

    /** The key in {@code shadowcat_meta} saying whether the trigram indexes exist ({@code pg_trgm}). */
    static final String TEXT_INDEX = "text_index";

    private Schema() {
    }

    /** Creates, migrates or checks the schema, in one transaction on {@code c}. */
    static TextIndex prepare(Connection c, PostgresSettings settings, OpenMode mode) throws SQLException {
        return prepare(c, settings, mode, CURRENT_VERSION);
    }

    /** As {@link #prepare(Connection, PostgresSettings, OpenMode)}, to {@code target} (an older version: tests). */
    static TextIndex prepare(Connection c, PostgresSettings settings, OpenMode mode, int target) throws SQLException {
        String schema = settings.schema();
        String q = quoted(schema);
        c.setAutoCommit(false);
        try {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, 0)")) {
                lock.setInt(1, lockClass(schema));
                lock.execute();
            }
            boolean exists;
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
                p.setString(1, schema);
                try (ResultSet r = p.executeQuery()) {
                    exists = r.next();
                }
            }
            int version = 0;
            Map<String, String> meta = Map.of();
            if (exists) {
                meta = readMeta(c, schema);
                if (meta == null) {
                    meta = Map.of();
                    if (tableCount(c, schema) > 0) {
                        throw new StorageException("postgres schema " + schema + " at " + settings.url()
                                + " holds tables that are not Shadowcat's (no shadowcat_meta table): use another"
                                + " schema setting; nothing was changed");
                    }
                } else {
                    if (!APPLICATION.equals(meta.get("application"))) {
                        throw new StorageException("postgres schema " + schema + " at " + settings.url()
                                + " belongs to '" + meta.get("application") + "', not Shadowcat: use another"
                                + " schema setting; nothing was changed");
                    }
                    try {
                        version = Integer.parseInt(meta.getOrDefault("version", ""));
                    } catch (NumberFormatException e) {
                        version = -1;
                    }
                    if (version > CURRENT_VERSION || version < 1) {
                        throw new StorageException("postgres schema " + schema + " at " + settings.url()
                                + " has schema version " + meta.get("version") + "; this Shadowcat reads version "
                                + CURRENT_VERSION + ": use a Shadowcat version that reads it, or another schema"
                                + " setting; nothing was changed");
                    }
                }
            }
            if (version == 0 && mode == OpenMode.EXISTING) {
                throw new StorageNotFoundException(PostgresStorageProvider.NAME, settings.where(), "postgres storage",
                        "url and schema");
            }
            if (version < target) {
                try (Statement st = c.createStatement()) {
                    if (!exists) { // CREATE SCHEMA needs the database's CREATE right even when the schema exists
                        st.execute("CREATE SCHEMA " + q);
                    }
                    if (version == 0) {
                        st.execute("CREATE TABLE " + q + ".shadowcat_meta (key text PRIMARY KEY, value text NOT NULL)");
                    }
                }
                for (int v = version; v < target; v++) {
                    MIGRATIONS.get(v).apply(c, q);
                }
                putMeta(c, q, "application", APPLICATION);
                putMeta(c, q, "version", String.valueOf(target));
            }
            TextIndex index = TextIndex.ABSENT;
            if (target >= 2) {
                index = TextIndex.TRIGRAM.wireName().equals(meta.get(TEXT_INDEX)) ? TextIndex.TRIGRAM
                        : TextIndex.create(c, q, settings, target);
                if (!index.wireName().equals(meta.get(TEXT_INDEX))) {
                    putMeta(c, q, TEXT_INDEX, index.wireName());
                }
            }
            c.commit();
            return index;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is gone: the transaction is too
            }
            throw e;
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // a broken connection is evicted by the pool
            }
        }
    }

    private static void putMeta(Connection c, String q, String key, String value) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + q + ".shadowcat_meta (key, value)"
                + " VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
            p.setString(1, key);
            p.setString(2, value);
            p.executeUpdate();
        }
    }

    private static Map<String, String> readMeta(Connection c, String schema) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT to_regclass(?)")) {
            p.setString(1, quoted(schema) + ".shadowcat_meta");
            try (ResultSet r = p.executeQuery()) {
                if (!r.next() || r.getString(1) == null) {
                    return null;
                }
            }
        }
        Map<String, String> meta = new HashMap<>();
        try (Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT key, value FROM " + quoted(schema) + ".shadowcat_meta")) {
            while (r.next()) {
                meta.put(r.getString(1), r.getString(2));
            }
        }
        return meta;
    }

    private static int tableCount(Connection c, String schema) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT count(*) FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace WHERE n.nspname = ?")) {
            p.setString(1, schema);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /** The schema name quoted for SQL (settings allow lower-case letters, digits and _ only). */
    static String quoted(String schema) {
        return "\"" + schema + "\"";
    }

    /**
     * The first key of this schema's advisory locks (the second is a tape's key, or 0 for the schema itself):
     * stores of other schemas in one database never take each other's locks.
     */
    static int lockClass(String schema) {
        return ("shadowcat:" + schema).hashCode() & 0x7fffffff;
    }
}
