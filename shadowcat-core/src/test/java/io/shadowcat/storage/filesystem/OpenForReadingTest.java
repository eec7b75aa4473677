package io.shadowcat.storage.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a tape directory with {@link OpenMode#EXISTING} (every reading command, and tape rm) writes nothing,
 * so a directory on a full disk can still be listed and cleaned up.
 */
class OpenForReadingTest {

    private static final Path DEV_FULL = Path.of("/dev/full");

    @TempDir
    Path dir;

    private TapeStorageBackend open(OpenMode mode) {
        return new FilesystemStorageProvider().create(StorageSettings.of("filesystem",
                Map.of("path", dir.toString(), "durability", "on_close")), mode);
    }

    private void record(TapeStorageBackend s, String id, int frames) {
        try (TapeWriter w = s.openWriter(new TapeHeader(TapeId.of(id), "session", Instant.parse("2026-01-01T00:00:00Z"),
                "2025-06-18", TapeMetadata.named(id)))) {
            for (int i = 0; i < frames; i++) {
                w.append(Frame.of(i, i, Direction.CLIENT_TO_SERVER,
                        TapeJson.parse("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":" + i + "}")));
            }
        }
    }

    private Set<String> ids(TapeStorageBackend s) {
        return s.list(TapeQuery.all()).items().stream().map(t -> t.id().value())
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Every entry of the directory with its type, size, modification time and content hash. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.list(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                out.put(p.getFileName().toString(), a.size() + " " + a.lastModifiedTime() + " "
                        + (a.isRegularFile() ? sha256(Files.readAllBytes(p)) : a.isSymbolicLink() ? "link" : "other"));
            }
        }
        return out;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void openingExistingWritesNothingEvenWhenTheIndexIsStale() throws IOException {
        try (TapeStorageBackend s = open(OpenMode.CREATE)) {
            record(s, "kept", 3);
            record(s, "removed", 2);
        }
        // Everything an opening writer would repair: a tape the index does not know, an entry whose files are
        // gone, a temporary file left by a killed writer, no lock file.
        Files.copy(dir.resolve("kept.jsonl"), dir.resolve("copied.jsonl"));
        Files.delete(dir.resolve("removed.jsonl"));
        Files.delete(dir.resolve("removed.meta.json"));
        Files.writeString(dir.resolve(".kept.meta.json.tmp-0123abcd"), "{");
        Files.delete(dir.resolve(DirectoryLease.LOCK_FILE));
        Map<String, String> before = snapshot();

        try (TapeStorageBackend s = open(OpenMode.EXISTING)) {
            assertThat(ids(s)).containsExactly("copied", "kept");
            assertThat(s.stats().tapeCount()).isEqualTo(2);
        }
        assertThat(snapshot()).isEqualTo(before);

        // The journal too: without one, reading rebuilds the index in memory and leaves none behind.
        Files.delete(dir.resolve(TapeIndex.JOURNAL));
        before = snapshot();
        try (TapeStorageBackend s = open(OpenMode.EXISTING)) {
            assertThat(ids(s)).containsExactly("copied", "kept");
        }
        assertThat(snapshot()).isEqualTo(before);

        // A writer opening the directory repairs it, as before.
        try (TapeStorageBackend s = open(OpenMode.CREATE)) {
            assertThat(ids(s)).containsExactly("copied", "kept");
        }
        assertThat(dir.resolve(TapeIndex.JOURNAL)).isRegularFile();
        assertThat(dir.resolve(".kept.meta.json.tmp-0123abcd")).exists(); // only removed at a first write
    }

    @Test
    void onAFullDiskTapesCanStillBeListedAndRemoved() throws IOException {
        assumeTrue(Files.isWritable(DEV_FULL), "needs /dev/full, where every write fails with ENOSPC");
        try (TapeStorageBackend s = open(OpenMode.CREATE)) {
            record(s, "big", 5);
            record(s, "other", 1);
        }
        // Another user holds the directory (say, the recording that filled the disk), so this process shares
        // it and appends to the index journal; every such write now fails as on a full disk, and reading the
        // journal finds it empty, so the index is stale.
        try (TapeStorageBackend recorder = open(OpenMode.CREATE)) {
            Files.delete(dir.resolve(TapeIndex.JOURNAL));
            Files.createSymbolicLink(dir.resolve(TapeIndex.JOURNAL), DEV_FULL);
            listAndRemoveOnAFullDisk();
        }
    }

    private void listAndRemoveOnAFullDisk() throws IOException {
        try (TapeStorageBackend s = open(OpenMode.EXISTING)) {
            assertThat(ids(s)).containsExactly("big", "other");
            TapeSummary big = s.list(TapeQuery.all()).items().stream().filter(t -> t.id().value().equals("big"))
                    .findFirst().orElseThrow();
            assertThat(big.frameCount()).isEqualTo(5);
            assertThat(s.delete(TapeId.of("big"))).isTrue();
            assertThat(ids(s)).containsExactly("other");
        }
        assertThat(dir.resolve("big.jsonl")).doesNotExist();
        assertThat(dir.resolve("big.meta.json")).doesNotExist();
        try (TapeStorageBackend s = open(OpenMode.EXISTING)) {
            assertThat(ids(s)).containsExactly("other");
        }
    }
}
