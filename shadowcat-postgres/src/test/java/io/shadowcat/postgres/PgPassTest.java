package io.shadowcat.postgres;

import io.shadowcat.testkit.servers.PostgresServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The password file as libpq reads it, and the order of the password's sources. */
class PgPassTest {

    @TempDir
    Path dir;

    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private Path file(String text, String mode) throws Exception {
        Path f = dir.resolve("pgpass");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void theFirstMatchingLineWinsWithWildcardsAndEscapes() throws Exception {
        Path f = file("""
                # comment:*:*:*:nope
                db.example:5432:tapes:bob:first
                db.example:5432:tapes:bob:second
                *:5433:*:bob:any-db
                h\\:x:*:*:*:escaped\\:colon\\\\back
                short:line
                *:*:*:carol:
                *:*:*:*:fallback
                """, "rw-------");
        List<String> warnings = new ArrayList<>();
        assertThat(PgPass.lookup(f, "db.example", 5432, "tapes", "bob", warnings::add)).contains("first");
        assertThat(PgPass.lookup(f, "other", 5433, "x", "bob", warnings::add)).contains("any-db");
        assertThat(PgPass.lookup(f, "h:x", 1, "d", "u", warnings::add)).contains("escaped:colon\\back");
        assertThat(PgPass.lookup(f, "db.example", 5432, "tapes", "carol", warnings::add))
                .as("an empty password is none").isEmpty();
        assertThat(PgPass.lookup(f, "elsewhere", 1, "d", "dave", warnings::add)).contains("fallback");
        assertThat(PgPass.lookup(dir.resolve("missing"), "h", 1, "d", "u", warnings::add)).isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aFileOthersCanReadIsIgnoredWithAWarningNamingItNotItsSecrets() throws Exception {
        for (String mode : List.of("rw-r-----", "rw----r--", "rw-rw----")) {
            Path f = file("*:*:*:*:top-secret\n", mode);
            List<String> warnings = new ArrayList<>();
            assertThat(PgPass.lookup(f, "h", 1, "d", "u", warnings::add)).as(mode).isEmpty();
            assertThat(warnings).singleElement().asString().contains(f.toString()).contains("0600")
                    .doesNotContain("top-secret");
        }
        assertThat(PgPass.lookup(file("*:*:*:*:top-secret\n", "r--------"), "h", 1, "d", "u", w -> { }))
                .contains("top-secret");
    }

    @Test
    void theSettingThenPgpasswordThenPgpassfileThenHome() throws Exception {
        file("*:*:*:*:from-file\n", "rw-------");
        StorageSettings s = StorageSettings.of("postgres", Map.of("url", "jdbc:postgresql://h:5433/tapes", "user", "u"));
        Map<String, String> env = new java.util.HashMap<>(Map.of("PGPASSFILE", dir.resolve("pgpass").toString(),
                "PGPASSWORD", "from-env"));
        PostgresSettings set = PostgresSettings.from(StorageSettings.of("postgres", Map.of("url",
                "jdbc:postgresql://h:5433/tapes", "user", "u", "password", "from-setting")), env::get);
        assertThat(set.password()).contains("from-setting");
        assertThat(PostgresSettings.from(s, env::get).password()).contains("from-env");
        env.remove("PGPASSWORD");
        PostgresSettings fromFile = PostgresSettings.from(s, env::get);
        assertThat(fromFile.password()).contains("from-file");
        assertThat(fromFile.passwordFrom()).contains(dir.resolve("pgpass").toString());
        assertThat(fromFile.toString()).doesNotContain("from-file");
        Files.move(dir.resolve("pgpass"), dir.resolve(".pgpass"));
        env.clear();
        env.put("HOME", dir.toString());
        assertThat(PostgresSettings.from(s, env::get).password()).contains("from-file");
        assertThat(PgPass.file(Map.of("HOME", "/home/x")::get)).contains(Path.of("/home/x/.pgpass"));
    }

    @Test
    void aStoreConnectsWithThePasswordFileAndNamesItWhenRefused() throws Exception {
        int port = Integer.parseInt(server.url().replaceAll(".*:(\\d+)/.*", "$1"));
        Path f = file("127.0.0.1:" + port + ":postgres:" + PostgresServer.USER + ":" + PostgresServer.PASSWORD + "\n",
                "rw-------");
        Map<String, String> env = Map.of("PGPASSFILE", f.toString());
        StorageSettings s = StorageSettings.of("postgres", Map.of("url", server.url(), "user", PostgresServer.USER,
                "schema", "pgpass"));
        try (TapeStorageBackend store = PostgresTapeStore.open(PostgresSettings.from(s, env::get), OpenMode.CREATE)) {
            assertThat(store.health().healthy()).isTrue();
        }
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> PostgresTapeStore.open(PostgresSettings.from(s, env::get), OpenMode.CREATE))
                .isInstanceOf(StorageException.class).hasMessageContaining("refused the credentials")
                .hasMessageContaining("no password").hasMessageNotContaining(PostgresServer.PASSWORD);
        Files.writeString(f, "*:*:*:*:wrong-one\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> PostgresTapeStore.open(PostgresSettings.from(s, env::get), OpenMode.CREATE))
                .isInstanceOf(StorageException.class).hasMessageContaining("password file " + f)
                .hasMessageNotContaining("wrong-one");
    }
}
