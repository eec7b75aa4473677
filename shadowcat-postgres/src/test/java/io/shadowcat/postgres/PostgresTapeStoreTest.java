package io.shadowcat.postgres;

import io.shadowcat.testkit.servers.PostgresServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.TapeExistsException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.testkit.RecordingProcess;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the kit cannot see: other processes, a dead writer, a server that refuses, foreign schemas, settings. */
class PostgresTapeStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");
    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static TapeStorageBackend open(String schema, String... keyValues) {
        Map<String, String> s = new HashMap<>(PostgresConformanceTest.settings(server, schema).asMap());
        for (int i = 0; i < keyValues.length; i += 2) {
            s.put(keyValues[i], keyValues[i + 1]);
        }
        return new PostgresStorageProvider().create(StorageSettings.of("postgres", s), OpenMode.CREATE);
    }

    private static Connection raw() throws Exception {
        return DriverManager.getConnection(server.url(), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    private static Frame frame(long seq) {
        return Frame.of(seq, seq, seq % 2 == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":" + seq + ",\"method\":\"ping\"}"));
    }

    private static TapeHeader header(String id) {
        return new TapeHeader(TapeId.of(id), null, T0, "2025-06-18", null);
    }

    @Test
    void aKilledRecordingIsReportedAsErrorWithItsCommittedFrames() throws Exception {
        String schema = "crash";
        try (RecordingProcess child = RecordingProcess.start("postgres", "rec", Map.of("url", server.url(),
                "user", PostgresServer.USER, "password", PostgresServer.PASSWORD, "schema", schema));
             TapeStorageBackend reader = open(schema)) {
            child.append(7);
            assertThat(reader.header(TapeId.of("rec")).metadata().status()).as("recorded by a live process")
                    .isEqualTo(TapeStatus.RECORDING);
            assertThatThrownBy(() -> reader.delete(TapeId.of("rec"))).isInstanceOf(StorageException.class)
                    .hasMessageContaining("rec");
            assertThatThrownBy(() -> reader.openWriter(header("rec"))).isInstanceOf(TapeExistsException.class);
            child.kill(); // SIGKILL
            // The server ends the dead process's session, and its lock, once it sees the socket closed: wait
            // for that event.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (reader.header(TapeId.of("rec")).metadata().status() == TapeStatus.RECORDING
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(reader.header(TapeId.of("rec")).metadata().status()).isEqualTo(TapeStatus.ERROR);
            assertThat(reader.list(TapeQuery.all()).items().get(0).status()).isEqualTo(TapeStatus.ERROR);
            assertThat(reader.list(TapeQuery.all().withStatus(TapeStatus.ERROR)).total()).isEqualTo(1);
            assertThat(reader.load(TapeId.of("rec")).frames()).hasSize(7);
            assertThat(reader.delete(TapeId.of("rec"))).as("a dead writer's tape can be deleted").isTrue();
        }
    }

    @Test
    void twoStoresOnOneSchemaShareTapesAndRespectEachOthersLiveTapes() {
        try (TapeStorageBackend a = open("two"); TapeStorageBackend b = open("two")) {
            TapeWriter w = a.openWriter(header("shared"));
            w.append(frame(0));
            w.flush();
            assertThatThrownBy(() -> b.openWriter(header("shared"))).isInstanceOf(TapeExistsException.class);
            assertThatThrownBy(() -> b.delete(TapeId.of("shared"))).isInstanceOf(StorageException.class)
                    .hasMessageContaining("shared");
            assertThat(b.header(TapeId.of("shared")).metadata().status()).isEqualTo(TapeStatus.RECORDING);
            assertThat(b.load(TapeId.of("shared")).frames()).hasSize(1);
            w.append(frame(1));
            w.finish(TapeStatus.FINALIZED);
            assertThat(b.header(TapeId.of("shared")).metadata().status()).isEqualTo(TapeStatus.FINALIZED);
            assertThat(b.load(TapeId.of("shared")).frames()).hasSize(2);
            assertThat(b.list(TapeQuery.all()).total()).isEqualTo(1);
            assertThat(b.delete(TapeId.of("shared"))).isTrue();
            assertThat(a.exists(TapeId.of("shared"))).isFalse();
        }
    }

    @Test
    void unreachableServerAndWrongPasswordAreOneLineErrorsWithoutTheSecret() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int closedPort = port;
        assertThatThrownBy(() -> new PostgresStorageProvider().create(StorageSettings.of("postgres",
                Map.of("url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres", "user", "x",
                        "password", "s3cret-pw"))))
                .isInstanceOf(StorageException.class).hasMessageContaining("unreachable")
                .hasMessageContaining("fix the url setting").hasMessageNotContaining("s3cret-pw");
        assertThatThrownBy(() -> open("wrongpw", "password", "wrong-pw"))
                .isInstanceOf(StorageException.class).hasMessageContaining("refused the credentials")
                .hasMessageContaining("password")
                .hasMessageNotContaining("wrong-pw").hasMessageNotContaining(PostgresServer.PASSWORD);
        try (TapeStorageBackend ok = open("rightpw")) {
            assertThat(ok.health().healthy()).isTrue();
            assertThat(ok.toString()).doesNotContain(PostgresServer.PASSWORD);
        }
    }

    /* The jsonb column indexes the message (it held null: the message was looked for outside env), and the line
       read back is the message as written. */
    @Test
    void framesRowsHoldTheMessageAsJsonbAndItsDirection() throws Exception {
        String text = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"n\":1e2}}";
        try (TapeStorageBackend store = open("columns"); TapeWriter w = store.openWriter(header("cols"))) {
            w.append(Frame.ofText(0, 0, Direction.SERVER_TO_CLIENT, text));
            w.finish(TapeStatus.FINALIZED);
            assertThat(store.load(TapeId.of("cols")).frames().get(0).text()).isEqualTo(text);
        }
        try (Connection c = raw(); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT direction, message->'result'->>'n' FROM columns.frames")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo("server_to_client");
            assertThat(r.getString(2)).isEqualTo("100");
        }
    }

    @Test
    void aForeignOrNewerSchemaIsRefusedAndLeftAlone() throws Exception {
        try (Connection c = raw(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA foreign_app");
            st.execute("CREATE TABLE foreign_app.orders (id int)");
            assertThatThrownBy(() -> open("foreign_app")).isInstanceOf(StorageException.class)
                    .hasMessageContaining("not Shadowcat's").hasMessageContaining("schema setting");
            try (ResultSet r = st.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'foreign_app'")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(1);
            }
            open("newer").close();
            st.execute("UPDATE newer.shadowcat_meta SET value = '99' WHERE key = 'version'");
            assertThatThrownBy(() -> open("newer")).isInstanceOf(StorageException.class)
                    .hasMessageContaining("schema version 99");
            try (ResultSet r = st.executeQuery("SELECT value FROM newer.shadowcat_meta WHERE key = 'version'")) {
                r.next();
                assertThat(r.getString(1)).isEqualTo("99");
            }
            st.execute("UPDATE newer.shadowcat_meta SET value = 'someone-else' WHERE key = 'application'");
            assertThatThrownBy(() -> open("newer")).isInstanceOf(StorageException.class)
                    .hasMessageContaining("not Shadowcat");
        }
    }

    @Test
    void badSettingsAreRefusedNamingTheKeyBeforeConnecting() {
        PostgresStorageProvider p = new PostgresStorageProvider();
        assertThatThrownBy(() -> p.validate(StorageSettings.of("postgres", Map.of("url", "postgres://h/db"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("url");
        assertThatThrownBy(() -> p.validate(StorageSettings.of("postgres",
                Map.of("url", "jdbc:postgresql://bob:pw@h/db"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("url").hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> p.validate(StorageSettings.of("postgres", Map.of("schema", "Bad-Name"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("schema");
        assertThatThrownBy(() -> p.validate(StorageSettings.of("postgres", Map.of("pool_size", "0"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("pool_size");
        assertThatThrownBy(() -> p.validate(StorageSettings.of("postgres", Map.of("batch_frames", "0"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("batch_frames");
        assertThatThrownBy(() -> p.validate(StorageSettings.of("postgres", Map.of("pool_size", "201"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("pool_size");
        assertThatThrownBy(() -> p.validate(StorageSettings.of("postgres", Map.of("batch_frames", "10001"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("batch_frames");
        assertThatThrownBy(() -> p.validate(StorageSettings.of("postgres", Map.of("batch_interval", "2h"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("batch_interval");
        assertThatThrownBy(() -> p.validate(StorageSettings.of("postgres", Map.of("pool_size", "many"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("pool_size");
        assertThatThrownBy(() -> p.validate(StorageSettings.of("postgres", Map.of("batch_interval", "0ms"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("batch_interval");
        PostgresSettings s = PostgresSettings.from(StorageSettings.of("postgres",
                Map.of("url", "jdbc:postgresql://h:5433/tapes", "user", "bob")), k -> k.equals("PGPASSWORD") ? "envpw" : null);
        assertThat(s.password()).contains("envpw");
        assertThat(s.schema()).isEqualTo("shadowcat");
        assertThat(s.toString()).doesNotContain("envpw").contains("jdbc:postgresql://h:5433/tapes");
    }
}
