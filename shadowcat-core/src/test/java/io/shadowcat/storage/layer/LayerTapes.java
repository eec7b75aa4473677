package io.shadowcat.storage.layer;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small finalized tapes and filesystem storages opened through a registry, with layer settings. */
final class LayerTapes {

    static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    private LayerTapes() {
    }

    static Tape tape(String id, String payload) {
        return tape(id, payload, Instant.now());
    }

    static Tape tape(String id, String payload, Instant created) {
        return new Tape(new TapeHeader(TapeId.of(id), "session-" + id, created, null,
                TapeMetadata.named("tape " + id).withStatus(TapeStatus.FINALIZED)),
                List.of(Frame.of(1, 0, Direction.CLIENT_TO_SERVER,
                        TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":\""
                                + payload + "\"}"))), List.of());
    }

    /** A filesystem storage in {@code dir}/tapes with these extra settings (key, value, ...). */
    static TapeStorageBackend open(Path dir, String... keyValues) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("path", dir.resolve("tapes").toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            s.put(keyValues[i], keyValues[i + 1]);
        }
        return REGISTRY.create("filesystem", StorageSettings.of("filesystem", s));
    }

    static TapeLifecycle lifecycle(TapeStorageBackend b) {
        return StorageLayers.find(b, TapeLifecycle.class).orElseThrow();
    }
}
