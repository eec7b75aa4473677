package io.shadowcat.testkit.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.testkit.SecretTape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @TempDir
    Path dir;

    @Test
    void anEncryptedLiveTapeLeavesNoPlaintextInTheStorageDirectory() throws IOException {
        Path tapes = record(true);
        for (String plaintext : SecretTape.PLAINTEXTS) {
            assertThat(filesContaining(tapes, plaintext)).as(plaintext).isEmpty();
        }
    }

    @Test
    void theSameTapeWithoutEncryptionHasItsPlaintextOnDisk() throws IOException {
        Path tapes = record(false);
        assertThat(filesContaining(tapes, SecretTape.MARKER)).isNotEmpty();
    }

    private Path record(boolean encrypted) {
        Path tapes = dir.resolve(encrypted ? "encrypted" : "plain");
        Map<String, String> settings = new HashMap<>(Map.of("path", tapes.toString()));
        if (encrypted) {
            settings.putAll(SecretTape.encryptionSettings(dir));
        }
        try (TapeStorageBackend storage = REGISTRY.create("filesystem", StorageSettings.of("filesystem", settings))) {
            SecretTape.record(storage);
            assertThat(storage.load(SecretTape.ID).frames()).hasSize(SecretTape.FRAMES);
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
