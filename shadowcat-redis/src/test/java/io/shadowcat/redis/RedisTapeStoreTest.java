package io.shadowcat.redis;

import io.shadowcat.testkit.servers.RedisServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.TapeExistsException;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** What the kit cannot see: other processes, a dead writer, a server that refuses or goes away, settings. */
class RedisTapeStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");
    private static RedisServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static TapeStorageBackend open(String prefix, String... keyValues) {
        Map<String, String> s = new HashMap<>(Map.of("url", server.url(), "prefix", prefix));
        for (int i = 0; i < keyValues.length; i += 2) {
            s.put(keyValues[i], keyValues[i + 1]);
        }
        return new RedisStorageProvider().create(StorageSettings.of("redis", s), OpenMode.CREATE);
    }

    private static Frame frame(long seq) {
        return Frame.of(seq, seq, seq % 2 == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":" + seq + ",\"method\":\"ping\"}"));
    }

    private static TapeHeader header(String id) {
        return new TapeHeader(TapeId.of(id), null, T0, "2025-06-18", null);
    }

    @Test
    void aKilledRecordingIsReportedAsErrorWithItsCommittedFramesOnceItsLeaseLapses() throws Exception {
        String prefix = "crash:";
        try (RecordingProcess child = RecordingProcess.start("redis", "rec",
                Map.of("url", server.url(), "prefix", prefix, "lease", "1s"));
             TapeStorageBackend reader = open(prefix)) {
            child.append(7);
            assertThat(reader.header(TapeId.of("rec")).metadata().status()).as("recorded by a live process")
                    .isEqualTo(TapeStatus.RECORDING);
            assertThatThrownBy(() -> reader.delete(TapeId.of("rec"))).isInstanceOf(StorageException.class)
                    .hasMessageContaining("rec");
            assertThatThrownBy(() -> reader.openWriter(header("rec"))).isInstanceOf(TapeExistsException.class);
            child.kill();
            // The claim expires on the server, lease (1s) after the child's last renewal: wait for that event.
            try (RedisClient raw = RedisClient.create(server.url())) {
                while (raw.exists(prefix + "tape:rec:writer")) {
                    Thread.onSpinWait();
                }
            }
            assertThat(reader.header(TapeId.of("rec")).metadata().status()).isEqualTo(TapeStatus.ERROR);
            assertThat(reader.list(TapeQuery.all()).items().get(0).status()).isEqualTo(TapeStatus.ERROR);
            assertThat(reader.list(TapeQuery.all().withStatus(TapeStatus.ERROR)).total()).isEqualTo(1);
            assertThat(reader.load(TapeId.of("rec")).frames()).hasSize(7);
            assertThat(reader.delete(TapeId.of("rec"))).as("a dead writer's tape can be deleted").isTrue();
        }
    }

    @Test
    void anotherStoresLiveTapeIsNeitherReplacedNorDeletedAndItsIdNotReused() {
        try (TapeStorageBackend a = open("two:"); TapeStorageBackend b = open("two:")) {
            TapeWriter w = a.openWriter(header("shared"));
            w.append(frame(0));
            w.flush();
            assertThatThrownBy(() -> b.openWriter(header("shared"))).isInstanceOf(TapeExistsException.class);
            assertThatThrownBy(() -> b.delete(TapeId.of("shared"))).isInstanceOf(StorageException.class)
                    .hasMessageContaining("shared");
            assertThat(b.load(TapeId.of("shared")).frames()).hasSize(1);
            w.finish(TapeStatus.FINALIZED);
            assertThat(b.header(TapeId.of("shared")).metadata().status()).isEqualTo(TapeStatus.FINALIZED);
            assertThat(b.delete(TapeId.of("shared"))).isTrue();
        }
    }

    @Test
    void aServerThatGoesAwayGivesOneClearErrorAndWhatWaitsIsKeptForTheRetry() throws Exception {
        try (RedisServer doomed = RedisServer.start()) {
            TapeStorageBackend store = new RedisStorageProvider().create(StorageSettings.of("redis",
                    Map.of("url", doomed.url(), "timeout", "2s", "batch_interval", "1h")), OpenMode.CREATE);
            TapeWriter w = store.openWriter(header("cut"));
            w.append(frame(0));
            w.flush();
            w.append(frame(1));
            doomed.kill();
            assertThatThrownBy(w::flush).isInstanceOf(StorageException.class)
                    .hasMessageContaining("redis server redis://127.0.0.1:" + doomed.port())
                    .hasMessageContaining("unreachable").hasMessageContaining("start it");
            // Appends after a failed commit only buffer (the scheduler retries): none waits for the timeout.
            for (long seq = 2; seq < 600; seq++) {
                w.append(frame(seq));
            }
            assertThat(w.durableFrames()).hasValue(1);
            assertThatThrownBy(() -> store.list(TapeQuery.all())).isInstanceOf(StorageException.class)
                    .hasMessageContaining("unreachable while listing tapes");
            assertThat(store.health().healthy()).isFalse();
            store.close(); // finishing the open writer fails, logged; close itself does not throw
        }
    }

    @Test
    void aFinishThatFailedIsRetriedWithOneEndRecord() throws Exception {
        try (RedisServer flaky = RedisServer.start()) {
            TapeStorageBackend store = new RedisStorageProvider().create(StorageSettings.of("redis",
                    Map.of("url", flaky.url(), "timeout", "2s", "batch_interval", "1h")), OpenMode.CREATE);
            TapeWriter w = store.openWriter(header("retry"));
            w.append(frame(0));
            w.flush();
            // Writes paused longer than the 2s timeout: the finish times out here, but the server applies it
            // once the pause ends; the retry must neither write a second end record nor call the claim lost.
            try (RedisClient raw = RedisClient.create(flaky.url())) {
                raw.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "PAUSE", "2500", "WRITE");
            }
            assertThatThrownBy(() -> w.finish(TapeStatus.FINALIZED)).isInstanceOf(StorageException.class);
            assertThat(w.finish(TapeStatus.FINALIZED).status()).isEqualTo(TapeStatus.FINALIZED);
            try (RedisClient raw = RedisClient.create(flaky.url())) {
                long ends = raw.xrange("shadowcat:tape:retry:records", "-", "+").stream()
                        .filter(e -> e.getFields().get("l").contains("\"checkpoint\"")).count();
                assertThat(ends).as("end records").isEqualTo(1);
            }
            store.close();
        }
    }

    @Test
    void unreachableServerAndWrongPasswordAreOneLineErrorsWithoutTheSecret() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int closedPort = port;
        assertThatThrownBy(() -> new RedisStorageProvider().create(StorageSettings.of("redis",
                Map.of("url", "redis://127.0.0.1:" + closedPort + "/0", "timeout", "1s"))))
                .isInstanceOf(StorageException.class).hasMessageContaining("unreachable while opening the store")
                .hasMessageContaining("fix the url setting");
        try (RedisServer locked = RedisServer.start("--requirepass", "s3cret-pw")) {
            assertThatThrownBy(() -> new RedisStorageProvider().create(StorageSettings.of("redis",
                    Map.of("url", locked.url(), "password", "wrong-pw"))))
                    .isInstanceOf(StorageException.class).hasMessageContaining("refused the credentials")
                    .hasMessageNotContaining("wrong-pw").hasMessageNotContaining("s3cret-pw");
            assertThatThrownBy(() -> new RedisStorageProvider().create(StorageSettings.of("redis",
                    Map.of("url", "redis://:wrong-pw@127.0.0.1:" + locked.port() + "/0"))))
                    .isInstanceOf(StorageException.class).hasMessageNotContaining("wrong-pw");
            try (TapeStorageBackend ok = new RedisStorageProvider().create(StorageSettings.of("redis",
                    Map.of("url", locked.url(), "password", "s3cret-pw")))) {
                assertThat(ok.health().healthy()).isTrue();
                assertThat(ok.toString()).doesNotContain("s3cret-pw");
            }
        }
    }

    @Test
    void retentionExpiresFinishedTapesOnlyAndDropsThemFromTheList() throws Exception {
        String prefix = "retention:";
        try (TapeStorageBackend store = open(prefix, "retention_max_age", "1s");
             RedisClient raw = RedisClient.create(server.url())) {
            TapeWriter done = store.openWriter(header("done"));
            done.append(frame(0));
            done.finish(TapeStatus.FINALIZED);
            TapeWriter live = store.openWriter(header("live"));
            live.append(frame(0));
            live.flush();
            assertThat(raw.pttl(prefix + "tape:done:meta")).as("finished: expires").isPositive();
            assertThat(raw.pttl(prefix + "tape:live:meta")).as("recording: never expires").isEqualTo(-1);
            // The server expires the keys a second after the tape finished: wait for that event.
            while (raw.exists(prefix + "tape:done:meta")) {
                Thread.onSpinWait();
            }
            assertThat(store.list(TapeQuery.all()).items()).extracting(t -> t.id().value()).containsExactly("live");
            assertThat(store.exists(TapeId.of("done"))).isFalse();
            live.finish(TapeStatus.FINALIZED); // a write: sweeps the expired id out of the tape list
            assertThat(raw.zrange(prefix + "tapes", 0, -1)).containsExactly("live");
        }
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() {
        RedisStorageProvider p = new RedisStorageProvider();
        assertThatThrownBy(() -> p.validate(StorageSettings.of("redis", Map.of("url", "http://x"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("url");
        assertThatThrownBy(() -> p.validate(StorageSettings.of("redis", Map.of("url", "redis://:pw@h:1/notanumber"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> p.validate(StorageSettings.of("redis", Map.of("prefix", "a b"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("prefix");
        assertThatThrownBy(() -> p.validate(StorageSettings.of("redis", Map.of("lease", "10ms"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("lease");
        assertThatThrownBy(() -> p.validate(StorageSettings.of("redis", Map.of("retention_max_age", "0s"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("retention_max_age");
        assertThatThrownBy(() -> p.validate(StorageSettings.of("redis", Map.of("batch_frames", "0"))))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("batch_frames");
        RedisSettings s = RedisSettings.from(StorageSettings.of("redis", Map.of("url", "redis://bob:pw@h:7000/3")));
        assertThat(s.host()).isEqualTo("h");
        assertThat(s.port()).isEqualTo(7000);
        assertThat(s.database()).isEqualTo(3);
        assertThat(s.user()).contains("bob");
        assertThat(s.password()).contains("pw");
        assertThat(s.toString()).doesNotContain("pw").contains("redis://h:7000/3");
    }

    @Test
    void aForeignValueAtTheMarkerIsRefusedAndLeftAlone() {
        try (RedisClient raw = RedisClient.create(server.url())) {
            raw.set("foreign:storage", "someone else's");
            assertThatThrownBy(() -> open("foreign:")).isInstanceOf(StorageException.class)
                    .hasMessageContaining("use another prefix");
            assertThat(raw.get("foreign:storage")).isEqualTo("someone else's");
        }
    }
}
