package io.shadowcat.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider relies on the bundled SQLite having WAL and FTS5 with bm25 ranking. */
class BundledSqliteTest {

    @Test
    void walModeAndFts5SearchWorkOnAFile(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("probe.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            s.execute("CREATE VIRTUAL TABLE t USING fts5(body)");
            s.execute("INSERT INTO t(body) VALUES ('tools/call weather'), ('resources/list'), ('weather weather report')");
            try (ResultSet rs = s.executeQuery(
                    "SELECT body FROM t WHERE t MATCH '\"weather\"' ORDER BY bm25(t)")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("weather weather report");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("tools/call weather");
                assertThat(rs.next()).isFalse();
            }
        }
    }
}
