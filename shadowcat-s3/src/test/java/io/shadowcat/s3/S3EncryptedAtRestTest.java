package io.shadowcat.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.testkit.SecretTape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's at-rest check on the bucket: a live tape recorded through the registry with {@code encryption =
 * "age"} on the s3 provider leaves no byte of its plaintext in any object S3Proxy stores (its filesystem
 * blobstore, read file by file), while the same tape without encryption does. Both with {@code compression =
 * "none"}, so that compression cannot hide a leak from the search.
 */
class S3EncryptedAtRestTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();
    private static S3ProxyServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void anEncryptedLiveTapeLeavesNoPlaintextInAnyObject() throws IOException {
        String prefix = record(true);
        assertThat(objectsUnder(prefix)).isNotEmpty();
        for (String plaintext : SecretTape.PLAINTEXTS) {
            assertThat(objectsContaining(prefix, plaintext)).as(plaintext).isEmpty();
        }
    }

    @Test
    void theSameTapeWithoutEncryptionHasItsPlaintextInTheBucket() throws IOException {
        String prefix = record(false);
        assertThat(objectsContaining(prefix, SecretTape.MARKER)).isNotEmpty();
    }

    private String record(boolean encrypted) {
        String prefix = "at-rest-" + (encrypted ? "encrypted" : "plain") + "-" + ProcessHandle.current().pid() + "/";
        Map<String, String> settings = new HashMap<>(server.settings(prefix));
        settings.put("compression", "none");
        if (encrypted) {
            settings.putAll(SecretTape.encryptionSettings(dir));
        }
        try (TapeStorageBackend storage = REGISTRY.create("s3", StorageSettings.of("s3", settings))) {
            SecretTape.record(storage);
            assertThat(storage.load(SecretTape.ID).frames()).hasSize(SecretTape.FRAMES);
        }
        return prefix;
    }

    private static List<Path> objectsUnder(String prefix) throws IOException {
        Path root = server.bucketDir().resolve(prefix);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    private static List<Path> objectsContaining(String prefix, String text) throws IOException {
        return objectsUnder(prefix).stream().filter(p -> latin1(p).contains(text)).toList();
    }

    // ISO-8859-1 maps every byte to one char, so an ASCII needle is found wherever its bytes are
    private static String latin1(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
