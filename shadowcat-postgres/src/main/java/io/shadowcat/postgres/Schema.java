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
 */
final class Schema {

    static final String APPLICATION = "shadowcat-tapes";
    /** The schema version this code reads and writes. */
    static final int CURRENT_VERSION = 1;

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

    /** MIGRATIONS.get(v) takes a schema from version v to v + 1; index 0 creates version 1. */
    private static final List<List<String>> MIGRATIONS = List.of(VERSION_1);

    private Schema() {
    }

    /** Creates, migrates or checks the schema, in one transaction on {@code c}. */
    static void prepare(Connection c, PostgresSettings settings, OpenMode mode) throws SQLException {
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
            if (exists) {
                Map<String, String> meta = readMeta(c, schema);
                if (meta == null) {
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
            if (version < CURRENT_VERSION) {
                try (Statement st = c.createStatement()) {
                    if (version == 0) {
                        st.execute("CREATE SCHEMA IF NOT EXISTS " + q);
                        st.execute("CREATE TABLE " + q + ".shadowcat_meta (key text PRIMARY KEY, value text NOT NULL)");
                    }
                    for (int v = version; v < CURRENT_VERSION; v++) {
                        for (String sql : MIGRATIONS.get(v)) {
                            st.execute(sql.replace("%s", q));
                        }
                    }
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO " + q + ".shadowcat_meta (key, value)"
                        + " VALUES ('application', ?), ('version', ?) ON CONFLICT (key) DO UPDATE SET value ="
                        + " excluded.value")) {
                    p.setString(1, APPLICATION);
                    p.setString(2, String.valueOf(CURRENT_VERSION));
                    p.executeUpdate();
                }
            }
            c.commit();
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
