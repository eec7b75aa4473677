package io.shadowcat.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.FrameOrderException;
import io.shadowcat.tape.JsonLinesTapeReader;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeFileReader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeRecord;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code .jsonl} whose frames repeat or go back in {@code seq} reads the same through the filesystem
 * provider as it imports into sqlite (issue 12, Shadowcat item 9): the one rule of {@code FrameOrder}, the
 * bad frames skipped with a warning naming file, line and seq; and a tape given to {@code save} with such
 * frames is refused by both with the same typed error.
 */
class FrameOrderAcrossProvidersTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @TempDir
    Path dir;

    // seq 0, 1, 1 (a duplicate, line 4), 3, 2 (back, line 6), 4
    private Path writeTape() throws Exception {
        StringBuilder s = new StringBuilder("{\"type\":\"init\",\"tape_id\":\"dup\",\"created_at\":\"2026-01-01T00:00:00Z\"}\n");
        long[] seqs = {0, 1, 1, 3, 2, 4};
        for (int i = 0; i < seqs.length; i++) {
            s.append("{\"type\":\"frame\",\"seq\":").append(seqs[i]).append(",\"ts\":").append(i)
                    .append(",\"dir\":\"client_to_server\",\"env\":{\"message\":{\"jsonrpc\":\"2.0\",\"id\":").append(i)
                    .append(",\"method\":\"m").append(i).append("\"}}}\n");
        }
        Path tapes = Files.createDirectories(dir.resolve("tapes"));
        return Files.writeString(tapes.resolve("dup.jsonl"), s.toString(), StandardCharsets.UTF_8);
    }

    private static List<String> methods(List<Frame> frames) {
        return frames.stream().map(f -> f.seq() + ":" + f.method()).toList();
    }

    @Test
    void filesystemReadAndSqliteImportKeepTheSameFramesAndNameTheSkippedOnes() throws Exception {
        Path file = writeTape();
        List<String> expected = List.of("0:m0", "1:m1", "3:m3", "4:m5");

        List<TapeRecord> records = new ArrayList<>();
        List<String> problems;
        try (InputStream in = Files.newInputStream(file);
                JsonLinesTapeReader reader = new JsonLinesTapeReader(in, file.toString(), TapeId.of("dup"))) {
            for (TapeRecord r = reader.next(); r != null; r = reader.next()) {
                records.add(r);
            }
            problems = reader.problems();
            assertThat(reader.skippedLines()).isEqualTo(2);
        }
        assertThat(problems).containsExactly(
                file + ": line 4: skipped corrupt record: tape dup: frame seq 1 repeats the previous frame's seq"
                        + " (seq must increase from frame to frame)",
                file + ": line 6: skipped corrupt record: tape dup: frame seq 2 is lower than the previous frame's"
                        + " seq 3 (seq must increase from frame to frame)");

        try (TapeStorageBackend fs = REGISTRY.create("filesystem",
                StorageSettings.of("filesystem", Map.of("path", file.getParent().toString())))) {
            assertThat(methods(fs.load(TapeId.of("dup")).frames())).isEqualTo(expected);
            try (Stream<Frame> frames = fs.streamFrames(TapeId.of("dup"))) {
                assertThat(methods(frames.toList())).isEqualTo(expected);
            }
        }

        Tape imported = TapeFileReader.read(file, null);
        try (SqliteTapeStore sqlite = TestTapes.open(dir.resolve("tapes.db"))) {
            sqlite.save(imported);
            assertThat(methods(sqlite.load(TapeId.of("dup")).frames())).isEqualTo(expected);
        }
    }

    @Test
    void saveRefusesTheSameWayInEveryProvider() throws Exception {
        Tape good = TapeFileReader.read(writeTape(), null);
        List<Frame> frames = new ArrayList<>(good.frames());
        frames.add(2, frames.get(1)); // 0, 1, 1, 3, 4
        Tape bad = new Tape(good.header(), frames, List.of());
        String expected = "tape dup: frame seq 1 repeats the previous frame's seq (seq must increase from frame to frame)";
        try (TapeStorageBackend fs = REGISTRY.create("filesystem",
                StorageSettings.of("filesystem", Map.of("path", dir.resolve("fs").toString())));
                SqliteTapeStore sqlite = TestTapes.open(dir.resolve("tapes.db"))) {
            for (TapeStorageBackend storage : List.of(fs, sqlite)) {
                assertThatThrownBy(() -> storage.save(bad)).as(storage.providerName())
                        .isInstanceOf(FrameOrderException.class).hasMessage(expected);
                assertThat(storage.exists(bad.id())).as(storage.providerName()).isFalse();
            }
        }
    }
}
