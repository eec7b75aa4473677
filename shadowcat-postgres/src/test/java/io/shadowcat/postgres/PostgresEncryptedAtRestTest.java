package io.shadowcat.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.testkit.SecretTape;
import io.shadowcat.testkit.servers.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's at-rest check on the database: a live tape recorded through the registry with {@code encryption =
 * "age"} on the postgres provider leaves no plaintext in any row of any table of its schema (every row read
 * back as text, so TOAST compression cannot hide a leak), while the same tape without encryption does.
 */
class PostgresEncryptedAtRestTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();
    private static PostgresServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void anEncryptedLiveTapeLeavesNoPlaintextInAnyRow() throws SQLException {
        String rows = recordAndDump("at_rest_encrypted", true);
        assertThat(rows).isNotEmpty();
        for (String plaintext : SecretTape.PLAINTEXTS) {
            assertThat(rows).as(plaintext).doesNotContain(plaintext);
        }
    }

    @Test
    void theSameTapeWithoutEncryptionHasItsPlaintextInTheDatabase() throws SQLException {
        assertThat(recordAndDump("at_rest_plain", false)).contains(SecretTape.MARKER);
    }

    private String recordAndDump(String schema, boolean encrypted) throws SQLException {
        Map<String, String> settings = new HashMap<>(Map.of("url", server.url(), "user", PostgresServer.USER,
                "password", PostgresServer.PASSWORD, "schema", schema));
        if (encrypted) {
            settings.putAll(SecretTape.encryptionSettings(dir));
        }
        try (TapeStorageBackend storage = REGISTRY.create("postgres", StorageSettings.of("postgres", settings))) {
            SecretTape.record(storage);
            assertThat(storage.load(SecretTape.ID).frames()).hasSize(SecretTape.FRAMES);
        }
        StringBuilder all = new StringBuilder();
        try (Connection c = DriverManager.getConnection(server.url(), PostgresServer.USER, PostgresServer.PASSWORD)) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
                q.setString(1, schema);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        tables.add(r.getString(1));
                    }
                }
            }
            assertThat(tables).isNotEmpty();
            try (Statement s = c.createStatement()) {
                for (String table : tables) {
                    try (ResultSet r = s.executeQuery("SELECT t::text FROM \"" + schema + "\".\"" + table + "\" t")) {
                        while (r.next()) {
                            all.append(r.getString(1)).append('\n');
                        }
                    }
                }
            }
        }
        return all.toString();
    }
}
