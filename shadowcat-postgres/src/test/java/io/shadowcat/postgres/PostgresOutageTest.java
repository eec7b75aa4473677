package io.shadowcat.postgres;

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
import io.shadowcat.testkit.servers.PostgresServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server that goes away while a session is recorded, through the real recorder: the relay goes on; a server
 * back before the session ends loses nothing; one that stays away leaves a tape that reads as an error with
 * what was committed, and a recording result saying what was lost, in one line naming provider and remedy.
 * Each test has a cluster of its own, since it stops it.
 */
class PostgresOutageTest {

    private static TapeStorageBackend open(PostgresServer server, String database) {
        return new PostgresStorageProvider().create(StorageSettings.of("postgres", Map.of("url", server.url(database),
                "user", PostgresServer.USER, "password", PostgresServer.PASSWORD, "schema", "outage",
                "batch_interval", "50ms")), OpenMode.CREATE);
    }

    // Reads the row another store committed (a live writer's own store would report what it appended).
    private static void awaitCommitted(PostgresServer server, String id, long frames) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (TapeStorageBackend reader = open(server, "postgres")) {
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
        try (PostgresServer server = PostgresServer.start()) {
            TapeStorageBackend store = open(server, "postgres");
            try (LiveRelay session = LiveRelay.start(store, "through-restart")) {
                session.relay(50);
                awaitCommitted(server, "through-restart", 100);
                server.stop(false);
                session.relay(50); // relayed while nothing can be committed
                server.restart();
                session.relay(50);
                RecordingResult result = session.finish();
                assertThat(result.messagesLost()).isZero();
                assertThat(result.complete()).as(String.valueOf(result)).isTrue();
                assertThat(result.framesRecorded()).isEqualTo(300);
            } finally {
                store.close();
            }
            try (TapeStorageBackend reader = open(server, "postgres")) {
                Tape tape = reader.load(TapeId.of("through-restart"));
                assertThat(tape.frames()).hasSize(300);
                assertThat(tape.metadata().status()).isEqualTo(TapeStatus.FINALIZED);
            }
        }
    }

    @Test
    void aServerGoneForGoodLeavesAnErrorTapeAndSaysWhatWasLost() throws Exception {
        try (PostgresServer server = PostgresServer.start()) {
            TapeStorageBackend store = open(server, "postgres");
            RecordingResult result;
            try (LiveRelay session = LiveRelay.start(store, "cut-off")) {
                session.relay(40);
                awaitCommitted(server, "cut-off", 80);
                server.stop(true); // as a crash
                session.relay(40);
                result = session.finish();
            } finally {
                store.close(); // finishing the writer fails again: logged, close does not throw
            }
            assertThat(result.status()).isEqualTo(TapeStatus.RECORDING);
            assertThat(result.framesRecorded()).isEqualTo(80);
            assertThat(result.messagesLost()).isEqualTo(80);
            assertThat(result.storageProblem()).contains("postgres server " + server.url())
                    .contains("unreachable").contains("start it, or fix the url setting").doesNotContain("\n")
                    .doesNotContain(PostgresServer.PASSWORD);
            server.restart();
            try (TapeStorageBackend reader = open(server, "postgres")) {
                assertThat(reader.header(TapeId.of("cut-off")).metadata().status()).as("its writer is gone")
                        .isEqualTo(TapeStatus.ERROR);
                assertThat(reader.load(TapeId.of("cut-off")).frames()).hasSize(80);
            }
        }
    }

    @Test
    void aMissingDatabaseIsOneLineNamingTheSettingAndTheRemedy() throws Exception {
        try (PostgresServer server = PostgresServer.start()) {
            assertThatThrownBy(() -> open(server, "no_such_db")).isInstanceOf(StorageException.class)
                    .hasMessageContaining("postgres server " + server.url("no_such_db"))
                    .hasMessageContaining("database does not exist").hasMessageContaining("fix the url setting")
                    .hasMessageNotContaining("\n").hasMessageNotContaining(PostgresServer.PASSWORD);
        }
    }
}
