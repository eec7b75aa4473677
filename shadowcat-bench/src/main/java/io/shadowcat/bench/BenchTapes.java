package io.shadowcat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.TapeJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** Shared set-up for the benchmarks: typical messages, scratch directories, backends. */
final class BenchTapes {

    /** A typical tools/call request (about 200 bytes on a tape). */
    static final JsonNode REQUEST = TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"get_forecast\",\"arguments\":{\"city\":\"Zürich\",\"days\":3}}}");
    /** A typical result. */
    static final JsonNode RESPONSE = TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":{\"content\":"
            + "[{\"type\":\"text\",\"text\":\"Sunny, 21°C, light wind from the south-west\"}],\"isError\":false}}");

    private BenchTapes() {
    }

    /** A scratch directory on the disk under test: {@code -Dshadowcat.bench.dir}, else the system temp dir. */
    static Path scratch(String prefix) throws IOException {
        String base = System.getProperty("shadowcat.bench.dir", System.getProperty("java.io.tmpdir"));
        return Files.createTempDirectory(Path.of(base), prefix);
    }

    static TapeStorageBackend filesystem(Path dir, String... keyValues) {
        java.util.HashMap<String, String> s = new java.util.HashMap<>(Map.of("path", dir.toString()));
        for (int i = 0; i < keyValues.length; i += 2) {
            s.put(keyValues[i], keyValues[i + 1]);
        }
        return StorageRegistry.global().create("filesystem", StorageSettings.of("filesystem", s));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
