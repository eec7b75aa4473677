package io.shadowcat.testkit.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.testkit.LayerKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live tape recorded through the registry with {@code encryption = "age"} (appends, flushes, segments
 * closed when full and sealed in the background, finish) leaves no byte of its plaintext in any file of the
 * filesystem storage, while the same tape recorded without encryption does (so the search can find it).
 */
class PlaintextAtRestTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();
    private static final String SECRET = "plaintext-marker-7f3a";

    @TempDir
    Path dir;

    @Test
    void anEncryptedLiveTapeLeavesNoPlaintextInTheStorageDirectory() throws IOException {
        Path tapes = record(true);
        assertThat(filesContaining(tapes, SECRET)).isEmpty();
        assertThat(filesContaining(tapes, "tools/call")).isEmpty();
        assertThat(filesContaining(tapes, "secret session")).isEmpty();
    }

    @Test
    void theSameTapeWithoutEncryptionHasItsPlaintextOnDisk() throws IOException {
        Path tapes = record(false);
        assertThat(filesContaining(tapes, SECRET)).isNotEmpty();
    }

    private Path record(boolean encrypted) throws IOException {
        Path tapes = dir.resolve(encrypted ? "encrypted" : "plain");
        Map<String, String> settings = new HashMap<>(Map.of("path", tapes.toString()));
        if (encrypted) {
            Files.createDirectories(dir.resolve("keys"));
            LayerKeys.AgeFiles keys = LayerKeys.age(dir.resolve("keys"), "rest");
            settings.putAll(Map.of("encryption", "age", "age_recipients_file", keys.recipients().toString(),
                    "age_identity_file", keys.identity().toString()));
        }
        try (TapeStorageBackend storage = REGISTRY.create("filesystem", StorageSettings.of("filesystem", settings))) {
            TapeWriter w = storage.openWriter(new TapeHeader(TapeId.of("rest-1"), "secret session",
                    Instant.parse("2026-01-01T00:00:00Z"), "2025-06-18", null));
            String pad = "y".repeat(900);
            for (int i = 0; i < 3000; i++) { // ~3 MiB: segments closed when full as well as by the flushes
                w.append(Frame.ofText(i, i, Direction.CLIENT_TO_SERVER, "{\"jsonrpc\":\"2.0\",\"id\":" + i
                        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + SECRET + "\",\"pad\":\"" + pad + "\"}}"));
                if (i % 500 == 499) {
                    w.flush();
                }
            }
            w.finish(TapeStatus.FINALIZED);
            assertThat(storage.load(TapeId.of("rest-1")).frames()).hasSize(3000);
        }
        return tapes;
    }

    private static List<Path> filesContaining(Path root, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).filter(p -> contains(read(p), needle)).toList();
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
