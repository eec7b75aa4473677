package io.shadowcat.cli;

import io.shadowcat.Shadowcat;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeId;
import java.nio.file.Path;
import java.util.Map;

/** Where the integration tests' tapes go, as the launcher is told through the environment. */
final class TestStorage {

    private TestStorage() {
    }

    static Map<String, String> env(Path dir) {
        return Map.of("SHADOWCAT_STORAGE_PROVIDER", "filesystem", "SHADOWCAT_STORAGE_PATH", dir.toString());
    }

    static Tape load(Path dir, TapeId id) {
        try (Shadowcat shadowcat = Shadowcat.builder().withStorage("filesystem", Map.of("path", dir.toString())).build()) {
            return shadowcat.storage().load(id);
        }
    }
}
