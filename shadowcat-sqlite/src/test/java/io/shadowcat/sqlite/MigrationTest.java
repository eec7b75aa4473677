package io.shadowcat.sqlite;

import static io.shadowcat.sqlite.TestTapes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.migrate.TapeDigest;
import io.shadowcat.storage.migrate.TapeMigration;
import io.shadowcat.storage.migrate.TapeMigration.Outcome;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.storage.filesystem.FilesystemStorageProvider;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.CorrelationStatus;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.testkit.ExampleTapes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migrating between the filesystem and sqlite providers, both ways, verified and resumable. */
class MigrationTest {

    private static final String EXAMPLE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";

    @TempDir
    Path dir;

    private static TapeStorageBackend filesystem(Path path) {
        return new FilesystemStorageProvider().create(StorageSettings.of("filesystem",
                Map.of("path", path.toString())));
    }

    /** Fills a filesystem store: Shadowcat's own example tape as a file, and recorded tapes. */
    private void fillSource(Path fs, int tapes) throws Exception {
        Files.createDirectories(fs);
        for (String suffix : List.of(".jsonl", ".meta.json")) {
            Files.write(fs.resolve(EXAMPLE + suffix), ExampleTapes.bytes("example-complete" + suffix));
        }
        try (TapeStorageBackend store = filesystem(fs)) {
            for (int i = 0; i < tapes; i++) {
                TapeHeader h = TestTapes.header("rec-" + i, "recording " + i, T0.plusSeconds(i), "t" + (i % 3));
                try (TapeWriter w = store.openWriter(h)) {
                    for (Frame f : TestTapes.frames(100 + i, 30 + i)) {
                        w.append(f);
                    }
                    w.append(new Correlation("c-" + i, 0, 1, 0, 10, 10, CorrelationStatus.SUCCESS));
                    w.finish(i == 3 ? TapeStatus.ERROR : TapeStatus.FINALIZED);
                }
            }
        }
    }

    @Test
    void filesystemToSqliteAndBackIsByteExactForMessages() throws Exception {
        Path a = dir.resolve("a");
        fillSource(a, 8);
        Path b = dir.resolve("b.db");
        Path c = dir.resolve("c");
        List<Outcome> outcomes = new ArrayList<>();
        long[] started = new long[2];
        try (TapeStorageBackend fs = filesystem(a); SqliteTapeStore db = TestTapes.open(b)) {
            TapeMigration.Result r = new TapeMigration(fs, db, false, new TapeMigration.Listener() {
                @Override
                public void started(long tapes, long frames) {
                    started[0] = tapes;
                    started[1] = frames;
                }

                @Override
                public void tape(TapeId id, Outcome outcome, String detail, boolean sourceDeleted) {
                    outcomes.add(outcome);
                }
            }).run();
            assertThat(r.problems()).isEmpty();
            assertThat(r.copied()).isEqualTo(9);
            assertThat(r.complete()).isTrue();
            assertThat(started[0]).isEqualTo(9);
            assertThat(started[1]).isEqualTo(5 + (30 + 37) * 8 / 2);
            assertThat(outcomes).hasSize(9).containsOnly(Outcome.COPIED);
            assertThat(db.load(TapeId.of("rec-3")).metadata().status()).isEqualTo(TapeStatus.ERROR);
        }
        try (SqliteTapeStore db = TestTapes.open(b); TapeStorageBackend back = filesystem(c)) {
            TapeMigration.Result r = new TapeMigration(db, back, false, null).run();
            assertThat(r.problems()).isEmpty();
            assertThat(r.copied()).isEqualTo(9);
        }
        try (TapeStorageBackend first = filesystem(a); TapeStorageBackend last = filesystem(c)) {
            for (TapeId id : List.of(TapeId.of(EXAMPLE), TapeId.of("rec-0"), TapeId.of("rec-7"))) {
                assertThat(TapeDigest.of(last, id)).isEqualTo(TapeDigest.of(first, id));
            }
        }
        // Byte for byte: every message of every tape appears in the final files exactly as in the first.
        for (String name : List.of(EXAMPLE, "rec-0", "rec-5")) {
            List<String> original = rawMessages(a.resolve(name + ".jsonl"));
            assertThat(original).isNotEmpty();
            assertThat(rawMessages(c.resolve(name + ".jsonl"))).containsExactlyElementsOf(original);
        }
    }

    // The bytes of each frame line's env.message value, as written in the file.
    private static List<String> rawMessages(Path jsonl) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            JsonNode n = TapeJson.parse(line);
            if (!"frame".equals(n.path("type").asText())) {
                continue;
            }
            int start = line.indexOf("\"message\":", line.indexOf("\"env\":")) + "\"message\":".length();
            String raw = line.substring(start, valueEnd(line, start));
            assertThat(TapeJson.parse(raw)).isEqualTo(n.path("env").path("message"));
            out.add(raw);
        }
        return out;
    }

    // The end of the JSON object or array starting at {@code start}, minding strings and escapes.
    private static int valueEnd(String s, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (inString) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    inString = false;
                }
            } else if (ch == '"') {
                inString = true;
            } else if (ch == '{' || ch == '[') {
                depth++;
            } else if ((ch == '}' || ch == ']') && --depth == 0) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unterminated JSON value in " + s);
    }

    @Test
    void resumingSkipsIdenticalTapesRecopiesInterruptedOnesAndReportsConflicts() throws Exception {
        Path a = dir.resolve("a");
        fillSource(a, 5);
        Path b = dir.resolve("b.db");
        try (TapeStorageBackend fs = filesystem(a); SqliteTapeStore db = TestTapes.open(b)) {
            assertThat(new TapeMigration(fs, db, false, null).run().copied()).isEqualTo(6);

            // an interrupted copy: the first frames of rec-1, still recording
            Tape full = db.load(TapeId.of("rec-1"));
            db.save(new Tape(full.header().withMetadata(full.metadata().withStatus(TapeStatus.RECORDING)),
                    full.frames().subList(0, 7), List.of()));
            // a different tape under the same id
            Tape other = TestTapes.tape("rec-2", "someone else's", T0, TestTapes.frames(999, 12));
            db.save(other);

            Map<TapeId, Outcome> outcomes = new LinkedHashMap<>();
            TapeMigration.Result r = new TapeMigration(fs, db, true, new TapeMigration.Listener() {
                @Override
                public void tape(TapeId id, Outcome outcome, String detail, boolean sourceDeleted) {
                    outcomes.put(id, outcome);
                }
            }).run();
            assertThat(outcomes.get(TapeId.of("rec-1"))).isEqualTo(Outcome.COPIED);
            assertThat(outcomes.get(TapeId.of("rec-2"))).isEqualTo(Outcome.CONFLICT);
            assertThat(outcomes.get(TapeId.of("rec-0"))).isEqualTo(Outcome.IDENTICAL);
            assertThat(r.identical()).isEqualTo(4);
            assertThat(r.copied()).isEqualTo(1);
            assertThat(r.conflicts()).isEqualTo(1);
            assertThat(r.complete()).isFalse();
            assertThat(r.problems()).singleElement().asString().contains("rec-2").contains("different tape");
            // verified tapes left the source; the conflicting one stayed on both sides, unchanged
            assertThat(r.deleted()).isEqualTo(5);
            assertThat(fs.list(TapeQuery.all()).items()).extracting(s -> s.id().value()).containsExactly("rec-2");
            assertThat(db.load(TapeId.of("rec-2"))).isEqualTo(other);
            assertThat(db.load(TapeId.of("rec-1")).frames()).hasSize(31);
        }
    }

    @Test
    void recordingTapesAreCopiedButNeverDeletedFromTheSource() throws Exception {
        Path b = dir.resolve("b.db");
        Path d = dir.resolve("d.db");
        try (SqliteTapeStore src = TestTapes.open(b); SqliteTapeStore dst = TestTapes.open(d)) {
            src.save(TestTapes.tape("done", "done", T0, TestTapes.frames(1, 10)));
            TapeHeader h = TestTapes.header("live", "live", T0);
            src.save(new Tape(h.withMetadata(h.metadata().withStatus(TapeStatus.RECORDING)), TestTapes.frames(2, 4),
                    List.of()));
            TapeMigration.Result r = new TapeMigration(src, dst, true, null).run();
            assertThat(r.copied()).isEqualTo(2);
            assertThat(r.deleted()).isEqualTo(1);
            assertThat(src.exists(TapeId.of("done"))).isFalse();
            assertThat(src.exists(TapeId.of("live"))).isTrue();
            assertThat(dst.load(TapeId.of("live")).frames()).hasSize(4);
            assertThat(dst.load(TapeId.of("done")).frames()).containsExactlyElementsOf(TestTapes.frames(1, 10));
        }
    }
}
