package io.shadowcat.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.recorder.RecordingResult;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.testkit.LiveRelay;
import io.shadowcat.testkit.servers.RedisServer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server that goes away while a session is recorded, through the real recorder: the relay goes on; a server
 * restarted before the session ends (a shutdown saves its data) loses nothing; one that stays away gives a
 * recording result saying what was lost, in one line naming provider and remedy, and never a tape reported
 * complete. Each test has a server of its own, since it stops it.
 */
class RedisOutageTest {

    private static TapeStorageBackend open(RedisServer server, String... keyValues) {
        Map<String, String> s = new HashMap<>(Map.of("url", server.url(), "prefix", "outage:", "batch_interval", "50ms",
                "timeout", "2s"));
        for (int i = 0; i < keyValues.length; i += 2) {
            s.put(keyValues[i], keyValues[i + 1]);
        }
        return new RedisStorageProvider().create(StorageSettings.of("redis", s), OpenMode.CREATE);
    }

    // Reads what another store sees committed (a live writer's own store reports what it appended).
    private static void awaitCommitted(RedisServer server, String id, long frames) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (TapeStorageBackend reader = open(server)) {
            while (frameCount(reader, id) < frames && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(frameCount(reader, id)).as("frames committed").isEqualTo(frames);
        }
    }

    private static long frameCount(TapeStorageBackend reader, String id) {
        var stats = reader.header(TapeId.of(id)).metadata().stats();
        return stats == null ? 0 : stats.frameCount();
    }

    @Test
    void aServerRestartedMidRecordingLosesNothing() throws Exception {
        try (RedisServer server = RedisServer.start()) {
            TapeStorageBackend store = open(server);
            try (LiveRelay session = LiveRelay.start(store, "through-restart")) {
                session.relay(50);
                awaitCommitted(server, "through-restart", 100);
                server.stop(); // SIGTERM: the server saves, then exits
                session.relay(50);
                server.restart();
                session.relay(50);
                RecordingResult result = session.finish();
                assertThat(result.messagesLost()).isZero();
                assertThat(result.complete()).as(String.valueOf(result)).isTrue();
                assertThat(result.framesRecorded()).isEqualTo(300);
            } finally {
                store.close();
            }
            try (TapeStorageBackend reader = open(server)) {
                Tape tape = reader.load(TapeId.of("through-restart"));
                assertThat(tape.frames()).hasSize(300);
                assertThat(tape.metadata().status()).isEqualTo(TapeStatus.FINALIZED);
            }
        }
    }

    @Test
    void aServerGoneForGoodSaysWhatWasLostAndNeverReportsTheTapeComplete() throws Exception {
        try (RedisServer server = RedisServer.start()) {
            TapeStorageBackend store = open(server, "lease", "1s");
            RecordingResult result;
            try (LiveRelay session = LiveRelay.start(store, "cut-off")) {
                session.relay(40);
                awaitCommitted(server, "cut-off", 80);
                server.kill(); // a crash: what the last snapshot did not hold is gone
                session.relay(40);
                result = session.finish();
            } finally {
                store.close();
            }
            assertThat(result.status()).isEqualTo(TapeStatus.RECORDING);
            assertThat(result.framesRecorded()).isEqualTo(80);
            assertThat(result.messagesLost()).isEqualTo(80);
            assertThat(result.storageProblem()).contains("redis server redis://127.0.0.1:" + server.port())
                    .contains("unreachable").contains("start it, or fix the url setting").doesNotContain("\n");
            server.restart();
            try (TapeStorageBackend reader = open(server, "lease", "1s")) {
                // With the default snapshots the crash may have taken the whole tape; what is there is not complete.
                if (reader.exists(TapeId.of("cut-off"))) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (reader.header(TapeId.of("cut-off")).metadata().status() == TapeStatus.RECORDING
                            && System.nanoTime() < deadline) {
                        Thread.onSpinWait(); // until its lease lapses
                    }
                    assertThat(reader.header(TapeId.of("cut-off")).metadata().status()).isEqualTo(TapeStatus.ERROR);
                }
            }
        }
    }

    @Test
    void aMissingDatabaseIsOneLineNamingTheSettingAndTheRemedy() throws Exception {
        try (RedisServer server = RedisServer.start()) {
            assertThatThrownBy(() -> open(server, "database", "99")).isInstanceOf(StorageException.class)
                    .hasMessageContaining("redis server redis://127.0.0.1:" + server.port() + "/99")
                    .hasMessageContaining("no database 99").hasMessageContaining("database setting")
                    .hasMessageNotContaining("\n");
        }
    }
}
