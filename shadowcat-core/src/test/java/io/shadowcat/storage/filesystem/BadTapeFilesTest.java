package io.shadowcat.storage.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bad file in a tape directory never breaks the others: a {@code *.meta.json} that is a symbolic link, a
 * dangling one or a directory is skipped with a warning naming it, and a corrupt one makes the tape read from
 * its JSON Lines.
 */
class BadTapeFilesTest {

    @TempDir
    Path dir;

    private TapeStorageBackend open(OpenMode mode) {
        return new FilesystemStorageProvider().create(StorageSettings.of("filesystem",
                Map.of("path", dir.toString(), "durability", "on_close")), mode);
    }

    private static void record(TapeStorageBackend s, String id, int frames) {
        try (TapeWriter w = s.openWriter(new TapeHeader(TapeId.of(id), "session-" + id,
                Instant.parse("2026-01-01T00:00:00Z"), "2025-06-18", TapeMetadata.named("name of " + id)))) {
            for (int i = 0; i < frames; i++) {
                w.append(Frame.of(i, i, Direction.CLIENT_TO_SERVER,
                        TapeJson.parse("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":" + i + "}")));
            }
        }
    }

    private static List<String> ids(TapeStorageBackend s) {
        return s.list(TapeQuery.all()).items().stream().map(t -> t.id().value()).sorted().toList();
    }

    /** Runs {@code body} with System.err (where slf4j-simple logs) captured; returns what was logged. */
    private static String stderrOf(IoAction body) throws IOException {
        PrintStream old = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private interface IoAction {
        void run() throws IOException;
    }

    @Test
    void metadataThatIsALinkADanglingLinkOrADirectoryIsSkippedWithAWarning() throws IOException {
        try (TapeStorageBackend s = open(OpenMode.CREATE)) {
            record(s, "good", 2);
            record(s, "linked", 3);
            record(s, "dirmeta", 4);
        }
        Files.delete(dir.resolve("linked.meta.json"));
        Files.createSymbolicLink(dir.resolve("linked.meta.json"), dir.resolve("good.meta.json"));
        Files.delete(dir.resolve("dirmeta.meta.json"));
        Files.createDirectory(dir.resolve("dirmeta.meta.json"));
        Files.createSymbolicLink(dir.resolve("dangling.meta.json"), dir.resolve("nowhere.meta.json"));
        Files.createDirectory(dir.resolve("alone.meta.json"));
        Files.delete(dir.resolve(TapeIndex.JOURNAL)); // so that opening reads every file again

        for (OpenMode mode : OpenMode.values()) {
            String log = stderrOf(() -> {
                try (TapeStorageBackend s = open(mode)) {
                    assertThat(ids(s)).containsExactly("dirmeta", "good", "linked");
                    // The tapes with unusable metadata are read from their JSON Lines, whole.
                    assertThat(s.load(TapeId.of("linked")).frames()).hasSize(3);
                    assertThat(s.header(TapeId.of("linked")).sessionId()).isEqualTo("session-linked");
                    try (Stream<Frame> frames = s.streamFrames(TapeId.of("dirmeta"))) {
                        assertThat(frames.count()).isEqualTo(4);
                    }
                    assertThat(s.load(TapeId.of("good")).metadata().name()).isEqualTo("name of good");
                }
            });
            assertThat(log).as(mode.name())
                    .contains("skipping " + dir.resolve("linked.meta.json") + ": not a regular file")
                    .contains("skipping " + dir.resolve("dirmeta.meta.json") + ": not a regular file")
                    .contains("skipping " + dir.resolve("dangling.meta.json") + ": not a regular file")
                    .contains("skipping " + dir.resolve("alone.meta.json") + ": not a regular file");
        }
        // Recording into the directory works too.
        try (TapeStorageBackend s = open(OpenMode.CREATE)) {
            record(s, "after", 1);
            assertThat(ids(s)).containsExactly("after", "dirmeta", "good", "linked");
        }
    }

    @Test
    void aCorruptMetadataFileFallsBackToTheJsonLines() throws IOException {
        try (TapeStorageBackend s = open(OpenMode.CREATE)) {
            record(s, "torn", 5);
        }
        Path meta = dir.resolve("torn.meta.json");
        Files.writeString(meta, "{\"tape_id\": \"torn\", \"name\": ");

        String log = stderrOf(() -> {
            try (TapeStorageBackend s = open(OpenMode.EXISTING)) {
                assertThat(ids(s)).containsExactly("torn");
                assertThat(s.load(TapeId.of("torn")).frames()).hasSize(5);
                assertThat(s.header(TapeId.of("torn")).sessionId()).isEqualTo("session-torn");
                try (Stream<Frame> frames = s.streamFrames(TapeId.of("torn"))) {
                    assertThat(frames.count()).isEqualTo(5);
                }
            }
        });
        assertThat(log).contains(meta + ": not valid JSON").contains("read from its JSON Lines");
        // ... and when the index is rebuilt from the files.
        Files.delete(dir.resolve(TapeIndex.JOURNAL));
        try (TapeStorageBackend s = open(OpenMode.EXISTING)) {
            assertThat(ids(s)).containsExactly("torn");
            assertThat(s.list(TapeQuery.all()).items().get(0).frameCount()).isEqualTo(5);
        }
    }

    @Test
    void aTapeWhoseJsonLinesWereDeletedIsNeitherListedNorCounted() throws IOException {
        try (TapeStorageBackend s = open(OpenMode.CREATE)) {
            record(s, "kept", 2);
            record(s, "dataless", 3);
        }
        Files.delete(dir.resolve("dataless.jsonl")); // the index journal still knows the tape

        for (OpenMode mode : OpenMode.values()) {
            String log = stderrOf(() -> {
                try (TapeStorageBackend s = open(mode)) {
                    assertThat(ids(s)).as(mode.name()).containsExactly("kept");
                    assertThat(s.list(TapeQuery.all()).items()).as(mode.name()).hasSize(1);
                    assertThat(s.exists(TapeId.of("dataless"))).as(mode.name()).isFalse();
                }
            });
            assertThat(log).as(mode.name()).contains("skipping tape dataless: " + dir.resolve("dataless.meta.json")
                    + " has no JSON Lines beside it");
        }
    }
}
