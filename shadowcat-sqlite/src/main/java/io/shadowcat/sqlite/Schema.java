package io.shadowcat.sqlite;

import io.shadowcat.sqlite.SqliteDatabaseException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The database schema and its versions. A database is ours when its {@code application_id} is
 * {@link #APPLICATION_ID}; {@code user_version} is the schema version. An empty file gets the current
 * schema; an older version is migrated step by step in one transaction; anything else (a newer version,
 * another application's database, missing tables) is an error and the file is left as it is.
 */
final class Schema {

    /** "SCAT": marks a Shadowcat tape database (see {@code PRAGMA application_id}). */
    static final int APPLICATION_ID = 0x53434154;
    /** The schema version this code reads and writes. */
    static final int CURRENT_VERSION = 1;

    // Contentless FTS5 tables (the text lives once, in frames.message) with the trigram tokenizer, which
    // matches any substring of three or more characters, case-insensitively: the shared search semantics.
    // contentless_delete needs SQLite 3.43+; the plain tables read with any SQLite 3.
    private static final String FTS_OPTIONS = "content='', contentless_delete=1, tokenize='trigram'";

    /** Version 1: creates every table from nothing. */
    private static final List<String> VERSION_1 = List.of(
            """
            CREATE TABLE tapes (
              key               INTEGER PRIMARY KEY,
              id                TEXT NOT NULL UNIQUE,
              session_id        TEXT,
              created_at        TEXT NOT NULL,
              created_ms        INTEGER NOT NULL,
              protocol_version  TEXT,
              name              TEXT,
              name_folded       TEXT,
              description       TEXT,
              tags              TEXT NOT NULL DEFAULT '[]',
              status            TEXT NOT NULL
                                CHECK (status IN ('recording', 'paused', 'finalized', 'error')),
              updated_at        TEXT,
              finalized_at      TEXT,
              frame_count       INTEGER NOT NULL DEFAULT 0,
              last_seq          INTEGER,
              duration_ms       INTEGER NOT NULL DEFAULT 0,
              size_bytes        INTEGER NOT NULL DEFAULT 0,
              client_to_server  INTEGER NOT NULL DEFAULT 0,
              server_to_client  INTEGER NOT NULL DEFAULT 0,
              error_count       INTEGER NOT NULL DEFAULT 0,
              correlation_count INTEGER NOT NULL DEFAULT 0,
              meta              TEXT NOT NULL
            )""",
            "CREATE INDEX tapes_by_created ON tapes (created_ms DESC, id)",
            "CREATE INDEX tapes_by_session ON tapes (session_id)",
            """
            CREATE TABLE tape_tags (
              tag      TEXT NOT NULL,
              tape_key INTEGER NOT NULL REFERENCES tapes (key) ON DELETE CASCADE,
              PRIMARY KEY (tag, tape_key)
            ) WITHOUT ROWID""",
            "CREATE INDEX tape_tags_by_tape ON tape_tags (tape_key)",
            """
            CREATE TABLE frames (
              id             INTEGER PRIMARY KEY,
              tape_key       INTEGER NOT NULL REFERENCES tapes (key) ON DELETE CASCADE,
              seq            INTEGER NOT NULL,
              ts             INTEGER NOT NULL,
              direction      TEXT NOT NULL CHECK (direction IN ('client_to_server', 'server_to_client')),
              method         TEXT,
              tool           TEXT,
              rpc_id         TEXT,
              message        TEXT NOT NULL,
              transport      TEXT,
              correlation_id TEXT,
              flags          INTEGER NOT NULL,
              timestamp      TEXT,
              UNIQUE (tape_key, seq)
            )""",
            "CREATE INDEX frames_by_method ON frames (method, tape_key) WHERE method IS NOT NULL",
            "CREATE INDEX frames_by_tool ON frames (tool, tape_key) WHERE tool IS NOT NULL",
            """
            CREATE TABLE correlations (
              tape_key     INTEGER NOT NULL REFERENCES tapes (key) ON DELETE CASCADE,
              ord          INTEGER NOT NULL,
              id           TEXT NOT NULL,
              request_seq  INTEGER NOT NULL,
              response_seq INTEGER NOT NULL,
              request_ts   INTEGER NOT NULL,
              response_ts  INTEGER NOT NULL,
              rtt_ms       INTEGER NOT NULL,
              status       TEXT NOT NULL,
              PRIMARY KEY (tape_key, ord)
            ) WITHOUT ROWID""",
            "CREATE VIRTUAL TABLE frame_text USING fts5(body, method, tools, " + FTS_OPTIONS + ")",
            "CREATE VIRTUAL TABLE tape_text USING fts5(name, description, tags, " + FTS_OPTIONS + ")");

    /** MIGRATIONS.get(v) takes a database from version v to v + 1; index 0 creates version 1. */
    private static final List<List<String>> MIGRATIONS = List.of(VERSION_1);

    private static final Set<String> REQUIRED_TABLES =
            Set.of("tapes", "tape_tags", "frames", "correlations", "frame_text", "tape_text");

    private Schema() {
    }

    /** Creates, migrates or checks the schema; throws {@link SqliteDatabaseException} on a file it won't use. */
    static void prepare(Database db, boolean walFlagged) {
        // Nearly every open finds the current schema in WAL mode: that is checked in one read transaction,
        // without a write turn, so recorders that start together do not queue behind each other's commits.
        // Reading the header first also turns a damaged file into SQLITE_NOTADB before anything is written.
        if (walFlagged && db.readOnWriter("reading the schema version", s -> isCurrent(db, s))) {
            return;
        }
        // Everything else is done in one write turn, and reads nothing outside one: switching to WAL needs the
        // file's exclusive lock, and on a new database every starting process's unturned schema read held a
        // shared lock on it (a hundred recorders starting together made the switch wait past busy_timeout).
        db.withWriter("creating or upgrading the schema", s -> {
            if (db.transaction(s, "BEGIN", "reading the schema version", r -> isCurrent(db, r))) {
                return null; // another process prepared it while this one waited for its turn
            }
            try (var st = s.connection().createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode=WAL")) {
                if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new SqliteDatabaseException(db.path(), Problem.IO, "sqlite database " + db.path()
                            + " cannot use WAL mode (is it on a network file system?): keep it on a local disk",
                            null);
                }
            }
            return db.transaction(s, "BEGIN IMMEDIATE", "creating or upgrading the schema", w -> {
                migrate(db, w);
                return null;
            });
        });
    }

    // Throws on a file that is not ours or is newer than this code.
    private static boolean isCurrent(Database db, SqlSession s) throws SQLException {
        Identity seen = identity(s);
        if (!seen.isOurs() && !seen.isEmpty()) {
            throw foreign(db, seen);
        }
        if (seen.version() > CURRENT_VERSION) {
            throw newer(db, seen.version());
        }
        return seen.isOurs() && seen.version() == CURRENT_VERSION && tables(s).containsAll(REQUIRED_TABLES)
                && "wal".equalsIgnoreCase(journalMode(s));
    }

    private static void migrate(Database db, SqlSession s) throws SQLException {
        Identity now = identity(s);
        if (!now.isOurs() && !now.isEmpty()) {
            throw foreign(db, now);
        }
        if (now.version() > CURRENT_VERSION) {
            throw newer(db, now.version());
        }
        if (now.isEmpty() || now.version() < CURRENT_VERSION) {
            upgrade(s, now.isEmpty() ? 0 : now.version());
        }
        Set<String> missing = new HashSet<>(REQUIRED_TABLES);
        missing.removeAll(tables(s));
        if (!missing.isEmpty()) {
            throw new SqliteDatabaseException(db.path(), Problem.FOREIGN_SCHEMA, "sqlite database "
                    + db.path() + " is a Shadowcat database but lacks table(s) " + String.join(", ",
                    new java.util.TreeSet<>(missing)) + " (changed outside Shadowcat?): restore it from a"
                    + " backup; it was left unchanged", null);
        }
    }

    /** Creates the current schema in an empty database, inside the caller's write transaction. */
    static void createIn(SqlSession s) throws SQLException {
        upgrade(s, 0);
    }

    private static void upgrade(SqlSession s, int from) throws SQLException {
        for (int v = from; v < CURRENT_VERSION; v++) {
            for (String ddl : MIGRATIONS.get(v)) {
                s.execute(ddl);
            }
        }
        s.execute("PRAGMA application_id = " + APPLICATION_ID);
        s.execute("PRAGMA user_version = " + CURRENT_VERSION);
    }

    /**
     * Whether the file's header says WAL (bytes 18 and 19, the file format versions, are 2), read without
     * SQLite or any lock. Only chooses the path: the answer is checked again under SQLite's locks. It opens
     * the file: call it through {@link OpenFiles} only, or on a file SQLite does not have open.
     */
    static boolean walFlagged(Path path) {
        byte[] head = new byte[20];
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(head, 0, head.length) == head.length && head[18] == 2 && head[19] == 2;
        } catch (IOException e) {
            return false; // the turned path reports what is wrong with the file
        }
    }

    private record Identity(int applicationId, int version, int objects) {
        boolean isOurs() {
            return applicationId == APPLICATION_ID;
        }

        boolean isEmpty() {
            return applicationId == 0 && version == 0 && objects == 0;
        }
    }

    private static String journalMode(SqlSession s) throws SQLException {
        try (var st = s.connection().createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    // Read in one transaction: three separate reads could straddle another process's schema creation and
    // see application_id 0 with its tables, taking our own database for another application's.
    private static Identity identity(SqlSession s) throws SQLException {
        return new Identity(intPragma(s, "application_id"), intPragma(s, "user_version"),
                intQuery(s, "SELECT count(*) FROM sqlite_schema"));
    }

    private static int intPragma(SqlSession s, String pragma) throws SQLException {
        return intQuery(s, "PRAGMA " + pragma);
    }

    private static int intQuery(SqlSession s, String sql) throws SQLException {
        try (var st = s.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static Set<String> tables(SqlSession s) throws SQLException {
        Set<String> names = new HashSet<>();
        try (var st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static SqliteDatabaseException foreign(Database db, Identity id) {
        return new SqliteDatabaseException(db.path(), Problem.FOREIGN_SCHEMA, "sqlite database " + db.path()
                + " belongs to another application (application_id=" + id.applicationId() + ", user_version="
                + id.version() + ", " + id.objects() + " schema objects); it was left unchanged: point path at"
                + " a new or Shadowcat database file", null);
    }

    private static SqliteDatabaseException newer(Database db, int version) {
        return new SqliteDatabaseException(db.path(), Problem.NEWER_SCHEMA, "sqlite database " + db.path()
                + " has schema version " + version + ", newer than this Shadowcat understands (" + CURRENT_VERSION
                + "); it was left unchanged: upgrade Shadowcat to read it", null);
    }
}
