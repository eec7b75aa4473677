package io.shadowcat.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryBackendTest {

    private static TapeStorageBackend open(Map<String, String> settings) {
        MemoryStorageProvider p = new MemoryStorageProvider();
        StorageSettings s = StorageSettings.of("memory", settings);
        p.validate(s);
        return p.create(s);
    }

    private static Tape tape(String id, String payload) {
        return new Tape(new TapeHeader(TapeId.of(id), null, Instant.now(), null,
                TapeMetadata.named(id).withStatus(TapeStatus.FINALIZED)),
                List.of(Frame.of(0, 0, Direction.CLIENT_TO_SERVER,
                        TapeJson.parse("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"" + payload + "\"}"))), List.of());
    }

    @Test
    void evictsTheOldestTapeWhenFullAndSaysSo() {
        try (TapeStorageBackend s = open(Map.of("max_tapes", "3"))) {
            for (int i = 0; i < 5; i++) {
                s.save(tape("t" + i, "p"));
            }
            assertThat(s.list(TapeQuery.all()).items()).extracting(t -> t.id().value())
                    .containsExactlyInAnyOrder("t2", "t3", "t4");
            assertThat(s.health().detail()).contains("2 evicted");
        }
    }

    @Test
    void neverEvictsATapeBeingRecordedAndRefusesToGrowPastTheBound() {
        try (TapeStorageBackend s = open(Map.of("max_bytes", String.valueOf(200 * 1024)))) {
            TapeWriter w = s.openWriter(new TapeHeader(TapeId.of("live"), null, Instant.now(), null, null));
            s.save(tape("small", "p"));
            assertThat(s.exists(TapeId.of("live"))).isTrue();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 10_000; i++) {
                    w.append(Frame.of(i, i, Direction.CLIENT_TO_SERVER,
                            TapeJson.parse("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"" + "y".repeat(100) + "\"}")));
                }
            }).isInstanceOf(StorageException.class).hasMessageContaining("max_bytes");
            assertThat(s.exists(TapeId.of("small"))).isFalse();
        }
    }

    @Test
    void invalidBoundsAreNamed() {
        assertThatThrownBy(() -> open(Map.of("max_tapes", "0"))).hasMessageContaining("memory.max_tapes");
    }
}
