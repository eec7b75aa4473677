package io.shadowcat.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the tapes' {@code text_folded} column (name, description, tags) has a trigram (GIN, {@code pg_trgm})
 * index. With it a {@code LIKE '%phrase%'} reads only the rows holding the phrase's trigrams; without it it reads
 * every tape's text: the same answers, slower. (The frames' text is indexed without the extension, see
 * {@link FrameText}; before schema version 3 it had a trigram index too.) The extension is trusted (PostgreSQL
 * 13+), so a role with the
 * database's CREATE right may add it; a role without it, or a server without the contrib package, gets
 * {@link #ABSENT} and one warning saying what to do.
 */
enum TextIndex {
    TRIGRAM("trigram"),
    ABSENT("none");

    private static final Logger LOG = LoggerFactory.getLogger(TextIndex.class);

    private final String wireName;

    TextIndex(String wireName) {
        this.wireName = wireName;
    }

    /** As stored in {@code shadowcat_meta}. */
    String wireName() {
        return wireName;
    }

    /**
     * Creates the extension when missing and the indexes of schema {@code version} ({@code tapes}', and before
     * version 3 {@code frames}'), inside the caller's transaction; a failure is
     * rolled back to before the attempt (the rest of the transaction stands) and reported as {@link #ABSENT}.
     */
    static TextIndex create(Connection c, String q, PostgresSettings settings, int version) throws SQLException {
        Savepoint before = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            String home = extensionSchema(c);
            if (home == null) {
                createExtension(c, st, q);
                home = extensionSchema(c);
            }
            String ops = Schema.quoted(home) + ".gin_trgm_ops";
            if (version < 3) { // from version 3 frames are indexed by FrameText's grams, without pg_trgm
                st.execute("CREATE INDEX IF NOT EXISTS frames_text_trgm ON " + q + ".frames USING gin (text_folded "
                        + ops + ")");
            }
            st.execute("CREATE INDEX IF NOT EXISTS tapes_text_trgm ON " + q + ".tapes USING gin (text_folded " + ops
                    + ")");
            c.releaseSavepoint(before);
            return TRIGRAM;
        } catch (SQLException e) {
            c.rollback(before);
            LOG.warn("postgres storage {}: no trigram index for the tapes' own text ({}: {}); search reads every"
                    + " tape's name, description and tags instead (frames stay indexed). To index it, have the"
                    + " database owner run CREATE EXTENSION pg_trgm (Debian: postgresql-contrib is part of"
                    + " postgresql) or grant this role CREATE on the database; the next open adds the index",
                    settings.where(), e.getSQLState(), e.getMessage());
            return ABSENT;
        }
    }

    // In the default schema (public); when the role may not create there (PostgreSQL 15's default), in ours.
    private static void createExtension(Connection c, Statement st, String q) throws SQLException {
        Savepoint inPublic = c.setSavepoint();
        try {
            st.execute("CREATE EXTENSION pg_trgm");
            c.releaseSavepoint(inPublic);
        } catch (SQLException e) {
            c.rollback(inPublic);
            st.execute("CREATE EXTENSION pg_trgm SCHEMA " + q);
        }
    }

    // The schema the installed extension lives in (its operator classes are there), or null when not installed.
    private static String extensionSchema(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n"
                + " ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'");
             ResultSet r = p.executeQuery()) {
            return r.next() ? r.getString(1) : null;
        }
    }
}
