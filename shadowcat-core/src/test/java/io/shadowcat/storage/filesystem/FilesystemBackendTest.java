package io.shadowcat.storage.filesystem;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.TapeExistsException;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.storage.support.TapeMetaJson;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemBackendTest {

    @TempDir
    Path dir;

    private TapeStorageBackend open(String... keyValues) {
        Map<String, String> s = new HashMap<>();
        s.put("path", dir.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            s.put(keyValues[i], keyValues[i + 1]);
        }
        FilesystemStorageProvider p = new FilesystemStorageProvider();
        StorageSettings settings = StorageSettings.of("filesystem", s);
        p.validate(settings);
        return p.create(settings);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FilesystemBackendTest.class.getResourceAsStream("/io/shadowcat/testkit/examples/" + name)) {
            return in.readAllBytes();
        }
    }

    private static JsonNode message(String json) {
        return TapeJson.parse(json);
    }

    private static TapeHeader header(String id, String name, Instant created) {
        return new TapeHeader(TapeId.of(id), "session-" + id, created, "2025-06-18", TapeMetadata.named(name));
    }

    private static void record(TapeWriter w, int frames) {
        for (int i = 0; i < frames; i++) {
            w.append(Frame.of(i, i, i % 2 == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                    message("{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"},\"id\":" + i + "}")));
        }
    }

    @Test
    void exampleFilesDroppedIntoTheDirectoryAreIndexedLoadedAndSavedBackIdentically() throws IOException {
        String id = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
        Files.write(dir.resolve(id + ".jsonl"), resource("example-complete.jsonl"));
        Files.write(dir.resolve(id + ".meta.json"), resource("example-complete.meta.json"));
        Tape loaded;
        try (TapeStorageBackend s = open()) {
            TapeSummary summary = s.list(TapeQuery.all()).items().get(0);
            assertThat(summary.name()).isEqualTo("Complete Example Recording");
            assertThat(summary.sessionId()).isEqualTo("session-123");
            assertThat(summary.frameCount()).isEqualTo(5);
            loaded = s.load(TapeId.of(id));
            assertThat(loaded.frames()).hasSize(5);
            assertThat(loaded.metadata().stats().fileSizeBytes()).isEqualTo(2819);
            s.delete(TapeId.of(id));
            s.save(loaded);
            assertThat(Files.readString(dir.resolve(id + ".jsonl")))
                    .isEqualTo(new String(resource("example-complete.jsonl"), UTF_8) + "\n");
            Tape again = s.load(TapeId.of(id));
            assertThat(again.frames()).isEqualTo(loaded.frames());
            assertThat(again.correlations()).isEqualTo(loaded.correlations());
            assertThat(again.metadata().performance()).isEqualTo(loaded.metadata().performance());
        }
    }

    @Test
    void recordingWritesJsonlAndMetaThatOtherToolsCanRead() throws IOException {
        try (TapeStorageBackend s = open()) {
            TapeWriter w = s.openWriter(header("live-1", "demo", Instant.parse("2026-01-01T00:00:00Z")));
            record(w, 3);
            assertThat(readMeta("live-1").metadata().status()).isEqualTo(TapeStatus.RECORDING);
            // Readable while recording, including frames still in the writer's buffer.
            try (Stream<Frame> frames = s.streamFrames(TapeId.of("live-1"))) {
                assertThat(frames.count()).isEqualTo(3);
            }
            assertThat(s.list(TapeQuery.all()).items().get(0).frameCount()).isEqualTo(3);
            assertThatThrownBy(() -> s.openWriter(header("live-1", "again", Instant.now())))
                    .isInstanceOf(TapeExistsException.class);
            assertThatThrownBy(() -> s.delete(TapeId.of("live-1"))).isInstanceOf(StorageException.class)
                    .hasMessageContaining("being recorded");
            TapeSummary done = w.finish(TapeStatus.FINALIZED);
            assertThat(done.status()).isEqualTo(TapeStatus.FINALIZED);
            assertThat(done.frameCount()).isEqualTo(3);
        }
        List<String> lines = Files.readAllLines(dir.resolve("live-1.jsonl"));
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("{\"type\":\"init\",\"version\":\"2.0\",\"tape_id\":\"live-1\"");
        assertThat(lines.get(4)).startsWith("{\"type\":\"checkpoint\"");
        TapeHeader meta = readMeta("live-1");
        assertThat(meta.metadata().status()).isEqualTo(TapeStatus.FINALIZED);
        assertThat(meta.metadata().finalizedAt()).isNotNull();
        assertThat(meta.metadata().stats().frameCount()).isEqualTo(3);
        assertThat(meta.metadata().stats().fileSizeBytes()).isEqualTo(Files.size(dir.resolve("live-1.jsonl")));
        assertThat(meta.protocolVersion()).isEqualTo("2025-06-18");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                    .containsExactlyInAnyOrder("live-1.jsonl", "live-1.meta.json");
        }
    }

    @Test
    void everyFrameDurabilityPutsEachFrameInTheFileAtOnce() throws IOException {
        try (TapeStorageBackend s = open("durability", "every_frame")) {
            TapeWriter w = s.openWriter(header("durable", null, Instant.now()));
            record(w, 2);
            assertThat(Files.readAllLines(dir.resolve("durable.jsonl"))).hasSize(3);
            w.close();
        }
    }

    @Test
    void intervalDurabilityFlushesWithoutBeingAsked() throws Exception {
        try (TapeStorageBackend s = open("durability", "20ms")) {
            TapeWriter w = s.openWriter(header("interval", null, Instant.now()));
            record(w, 2);
            // Polls for what the flusher thread does on its own; the bound only turns a hang into a failure.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (Files.readAllLines(dir.resolve("interval.jsonl")).size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(Files.readAllLines(dir.resolve("interval.jsonl"))).hasSize(3);
            w.close();
        }
    }

    @Test
    void finishedTapesAreCompressedWithZstdOrGzip() throws IOException {
        for (String c : List.of("zstd", "gzip")) {
            String id = "packed-" + c;
            String suffix = c.equals("zstd") ? ".jsonl.zst" : ".jsonl.gz";
            try (TapeStorageBackend s = open("compression", c)) {
                try (TapeWriter w = s.openWriter(header(id, null, Instant.now()))) {
                    record(w, 50);
                }
                assertThat(dir.resolve(id + ".jsonl")).doesNotExist();
                assertThat(dir.resolve(id + suffix)).exists();
                assertThat(Files.size(dir.resolve(id + suffix))).isLessThan(readMeta(id).metadata().stats().fileSizeBytes());
                assertThat(s.load(TapeId.of(id)).frames()).hasSize(50);
            }
            try (TapeStorageBackend plain = open()) {
                assertThat(plain.load(TapeId.of(id)).frames()).hasSize(50);
            }
        }
    }

    @Test
    void retentionKeepsTheNewestAndDropsTheOldButOnlyWhenWriting() {
        Instant now = Instant.now();
        try (TapeStorageBackend s = open()) {
            for (int i = 0; i < 5; i++) {
                s.save(finished("t" + i, now.minus(Duration.ofDays(i * 10L))));
            }
            // As left behind by a recorder that crashed: never finalized, so never expired.
            Tape crashed = finished("recording-old", now.minus(Duration.ofDays(400)));
            s.save(new Tape(crashed.header().withMetadata(crashed.metadata().withStatus(TapeStatus.RECORDING)),
                    crashed.frames(), List.of()));
        }
        // Opening and reading never delete, whatever the policy (a read-only `tape list` used to).
        try (TapeStorageBackend s = open("retention_max_age", "25d", "retention_max_count", "1")) {
            assertThat(ids(s)).hasSize(6);
            s.stats();
            s.load(TapeId.of("t4"));
        }
        try (TapeStorageBackend s = open("retention_max_age", "25d")) {
            assertThat(ids(s)).hasSize(6);
            s.save(finished("t-new", now));
            assertThat(ids(s)).containsExactlyInAnyOrder("t-new", "t0", "t1", "t2", "recording-old");
        }
        try (TapeStorageBackend s = open("retention_max_count", "2")) {
            assertThat(ids(s)).hasSize(5);
            s.save(finished("t-newer", now.plusSeconds(1)));
            assertThat(ids(s)).containsExactlyInAnyOrder("t-newer", "t-new", "recording-old");
        }
    }

    @Test
    void retentionCountsAgeAndOrderFromWhenATapeEnded() {
        Instant now = Instant.now();
        try (TapeStorageBackend s = open("retention_max_age", "30m", "retention_max_count", "2")) {
            // A session that started two hours ago is recorded until now: it ended just now, so it stays.
            TapeWriter longSession = s.openWriter(header("long-session", "long", now.minus(Duration.ofHours(2))));
            record(longSession, 3);
            s.save(finished("short-1", now.minus(Duration.ofMinutes(2))));
            s.save(finished("short-2", now.minus(Duration.ofMinutes(1))));
            assertThat(ids(s)).containsExactlyInAnyOrder("long-session", "short-1", "short-2");
            longSession.finish(TapeStatus.FINALIZED);
            // It ended last of the three: the count keeps it and the tape that ended before it.
            assertThat(ids(s)).containsExactlyInAnyOrder("long-session", "short-2");
        }
        // Created long ago but finalized a minute ago (an imported tape carries its times): kept by age.
        Tape imported = finished("imported", now.minus(Duration.ofDays(3)));
        Tape late = new Tape(imported.header().withMetadata(imported.metadata()
                .withTimes(now.minus(Duration.ofMinutes(1)), now.minus(Duration.ofMinutes(1)))), imported.frames(), List.of());
        try (TapeStorageBackend s = open("retention_max_age", "30m")) {
            s.save(late);
            assertThat(ids(s)).contains("imported", "long-session");
        }
        // The end time survives in the index journal, which the next opening (or another process) reads.
        try (TapeStorageBackend s = open("retention_max_age", "30m")) {
            s.save(finished("trigger", now));
            assertThat(ids(s)).contains("imported", "long-session", "trigger");
        }
    }

    @Test
    void temporaryFilesOfAKilledWriterAreRemovedByTheNextWriterButNeverThoseOfALiveOne() throws IOException {
        try (TapeStorageBackend s = open()) {
            s.save(finished("a", Instant.now()));
        }
        // As left by a process killed while compressing a finished tape and replacing its metadata.
        Path staleData = Files.writeString(dir.resolve(".a.jsonl.zst.tmp-1f2e3d4c5b6a7980"), "half");
        Path staleMeta = Files.writeString(dir.resolve(".a.meta.json.tmp-abc"), "{");
        try (TapeStorageBackend s = open()) {
            assertThat(ids(s)).containsExactly("a");
            assertThat(staleData).exists(); // reading changes nothing
            // Appears after the directory was opened: another process's write in progress.
            Path live = Files.writeString(dir.resolve(".b.meta.json.tmp-99"), "{");
            s.save(finished("c", Instant.now()));
            assertThat(staleData).doesNotExist();
            assertThat(staleMeta).doesNotExist();
            assertThat(live).exists();
            Files.delete(live);
        }
        // While another user has the directory open, no temporary file is known to be stale.
        try (TapeStorageBackend holder = open()) {
            Path inProgress = Files.writeString(dir.resolve(".c.meta.json.tmp-77"), "{");
            try (TapeStorageBackend s = open()) {
                s.save(finished("d", Instant.now()));
                TapeWriter w = s.openWriter(header("e", "e", Instant.now()));
                w.finish(TapeStatus.FINALIZED);
            }
            assertThat(inProgress).exists();
            assertThat(ids(holder)).contains("a", "c", "d", "e");
        }
    }

    @Test
    void indexIsRebuiltWhenMissingAndRefreshedWhenStale() throws IOException {
        try (TapeStorageBackend s = open()) {
            s.save(finished("a", Instant.parse("2026-01-01T00:00:00Z")));
            s.save(finished("b", Instant.parse("2026-01-02T00:00:00Z")));
        }
        Files.delete(dir.resolve(TapeIndex.JOURNAL));
        try (TapeStorageBackend s = open()) {
            assertThat(ids(s)).containsExactly("b", "a");
            assertThat(s.list(TapeQuery.all()).items().get(0).sessionId()).isEqualTo("session-b");
        }
        // Tapes copied in and removed behind the index's back.
        Files.copy(dir.resolve("a.jsonl"), dir.resolve("c.jsonl"));
        Files.delete(dir.resolve("b.jsonl"));
        Files.delete(dir.resolve("b.meta.json"));
        try (TapeStorageBackend s = open()) {
            assertThat(ids(s)).containsExactlyInAnyOrder("a", "c");
        }
    }

    @Test
    void journalIsAppendedNotRewrittenAndCompactedWhenBloated() throws IOException {
        try (TapeStorageBackend s = open()) {
            s.save(finished("keep", Instant.now()));
            long before = Files.size(dir.resolve(TapeIndex.JOURNAL));
            Object key = Files.readAttributes(dir.resolve(TapeIndex.JOURNAL),
                    java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            s.save(finished("churn", Instant.now()));
            s.delete(TapeId.of("churn"));
            assertThat(Files.size(dir.resolve(TapeIndex.JOURNAL))).isGreaterThan(before);
            assertThat(Files.readAttributes(dir.resolve(TapeIndex.JOURNAL),
                    java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isEqualTo(key);
            // Much churn later (as if from many processes), the journal is far longer than the tape list.
            String put = Files.readAllLines(dir.resolve(TapeIndex.JOURNAL)).get(0).replace("\"keep\"", "\"gone\"");
            StringBuilder churn = new StringBuilder();
            for (int i = 0; i < 600; i++) {
                churn.append(put).append('\n').append("{\"op\":\"del\",\"id\":\"gone\"}\n");
            }
            Files.writeString(dir.resolve(TapeIndex.JOURNAL), churn, java.nio.file.StandardOpenOption.APPEND);
            assertThat(ids(s)).containsExactly("keep");
        }
        try (TapeStorageBackend s = open()) {
            assertThat(ids(s)).containsExactly("keep");
            assertThat(Files.readAllLines(dir.resolve(TapeIndex.JOURNAL))).hasSize(1);
        }
    }

    @Test
    void symlinkedTapeFilesAreNotFollowed(@TempDir Path outside) throws IOException {
        Path secret = Files.writeString(outside.resolve("secret.jsonl"),
                "{\"type\":\"init\",\"tape_id\":\"evil\",\"created_at\":\"2025-01-01T00:00:00Z\"}\n");
        Files.createSymbolicLink(dir.resolve("evil.jsonl"), secret);
        try (TapeStorageBackend s = open()) {
            assertThat(s.exists(TapeId.of("evil"))).isFalse();
            assertThat(ids(s)).doesNotContain("evil");
        }
    }

    @Test
    void severalProcessesRecordIntoOneDirectory() throws Exception {
        String classpath = System.getProperty("java.class.path");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", classpath, WriterProcess.class.getName(),
                dir.toString(), "child", "20").redirectErrorStream(true).start();
        try (TapeStorageBackend s = open()) {
            for (int i = 0; i < 20; i++) {
                try (TapeWriter w = s.openWriter(header("parent-" + i, null, Instant.now()))) {
                    record(w, 10);
                }
            }
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(new String(child.getInputStream().readAllBytes(), UTF_8)).isZero();
            List<String> ids = ids(s);
            assertThat(ids).hasSize(40);
            for (String id : ids) {
                assertThat(s.load(TapeId.of(id)).frames()).as(id).hasSize(10);
            }
        }
        try (TapeStorageBackend s = open()) {
            assertThat(s.list(TapeQuery.all()).total()).isEqualTo(40);
        }
    }

    @Test
    void killedRecorderLosesNoAcknowledgedFrame() throws Exception {
        String classpath = System.getProperty("java.class.path");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", classpath, CrashingRecorder.class.getName(),
                dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long acknowledged = -1;
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(), UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && acknowledged < 300) {
                acknowledged = Long.parseLong(line.trim());
            }
            child.destroyForcibly(); // kill -9 in the middle of recording
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).isGreaterThanOrEqualTo(300);
        try (TapeStorageBackend s = open()) {
            TapeSummary summary = s.list(TapeQuery.all()).items().get(0);
            assertThat(summary.id().value()).isEqualTo("crashed");
            // Its writer is gone (issue 12, Shadowcat item 4): an error, with the frames its file holds.
            assertThat(summary.status()).isEqualTo(TapeStatus.ERROR);
            List<Frame> frames = s.load(TapeId.of("crashed")).frames();
            assertThat(summary.frameCount()).isEqualTo(frames.size());
            assertThat((long) frames.size()).isGreaterThan(acknowledged);
            for (int i = 0; i < frames.size(); i++) {
                assertThat(frames.get(i).seq()).isEqualTo(i);
            }
        }
    }

    /** Records with per-frame durability, printing each seq once it is durable, until killed. */
    public static final class CrashingRecorder {
        public static void main(String[] args) {
            FilesystemStorageProvider p = new FilesystemStorageProvider();
            TapeStorageBackend s = p.create(StorageSettings.of("filesystem",
                    Map.of("path", args[0], "durability", "every_frame")));
            TapeWriter w = s.openWriter(header("crashed", null, Instant.now()));
            for (long i = 0; ; i++) {
                w.append(Frame.of(i, i, Direction.CLIENT_TO_SERVER,
                        message("{\"jsonrpc\":\"2.0\",\"method\":\"tick\",\"params\":{\"n\":" + i + "}}")));
                System.out.println(i);
                System.out.flush();
            }
        }
    }

    /** The second process of {@link #severalProcessesRecordIntoOneDirectory}. */
    public static final class WriterProcess {
        public static void main(String[] args) throws Exception {
            FilesystemStorageProvider p = new FilesystemStorageProvider();
            try (TapeStorageBackend s = p.create(StorageSettings.of("filesystem", Map.of("path", args[0])))) {
                for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                    try (TapeWriter w = s.openWriter(header(args[1] + "-" + i, null, Instant.now()))) {
                        record(w, 10);
                    }
                }
            }
        }
    }

    private static Tape finished(String id, Instant created) {
        List<Frame> frames = new ArrayList<>();
        frames.add(Frame.of(0, 0, Direction.CLIENT_TO_SERVER, message("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}")));
        return new Tape(header(id, id, created).withMetadata(TapeMetadata.named(id).withStatus(TapeStatus.FINALIZED)),
                frames, List.of());
    }

    private static List<String> ids(TapeStorageBackend s) {
        return s.list(TapeQuery.all().page(0, 1000)).items().stream().map(t -> t.id().value())
                .collect(Collectors.toList());
    }

    private TapeHeader readMeta(String id) throws IOException {
        try (InputStream in = Files.newInputStream(dir.resolve(id + ".meta.json"))) {
            return TapeMetaJson.read(in, id);
        }
    }

    @Test
    void invalidSettingsAreNamed() {
        FilesystemStorageProvider p = new FilesystemStorageProvider();
        for (String[] bad : new String[][] {{"durability", "sometimes"}, {"compression", "lz4"},
                {"retention_max_count", "-1"}, {"retention_max_age", "forever"}}) {
            assertThatThrownBy(() -> p.validate(StorageSettings.of("filesystem", Map.of(bad[0], bad[1]))))
                    .hasMessageContaining("filesystem." + bad[0]);
        }
    }

    /** Every file and directory under {@code root}, with its permissions as {@code rwx} text. */
    private static Map<Path, String> permissions(Path root) throws IOException {
        Map<Path, String> out = new HashMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.collect(Collectors.toList())) {
                out.put(root.relativize(p), java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)));
            }
        }
        return out;
    }

    @Test
    void everythingTheProviderCreatesIsPrivateWhateverTheUmask() throws IOException {
        Path root = dir.resolve("new/tapes");
        Map<String, String> s = Map.of("path", root.toString(), "compression", "zstd");
        FilesystemStorageProvider p = new FilesystemStorageProvider();
        try (TapeStorageBackend b = p.create(StorageSettings.of("filesystem", s))) {
            TapeWriter live = b.openWriter(header("live", "live", Instant.now()));
            record(live, 3);
            live.flush();
            TapeWriter w = b.openWriter(header("done", "done", Instant.now()));
            record(w, 5);
            w.finish(TapeStatus.FINALIZED);
            assertThat(permissions(dir.resolve("new"))).allSatisfy((path, mode) -> assertThat(mode).as(path.toString())
                    .isEqualTo(Files.isDirectory(dir.resolve("new").resolve(path)) ? "rwx------" : "rw-------"));
            assertThat(permissions(root)).containsKeys(Path.of("live.jsonl"), Path.of("done.jsonl.zst"),
                    Path.of("done.meta.json"));
            live.close();
        }
    }

    @Test
    void fileModeSettingWidensWhatIsCreated() throws IOException {
        Path root = dir.resolve("shared");
        try (TapeStorageBackend b = open("path", root.toString(), "file_mode", "640")) {
            TapeWriter w = b.openWriter(header("t1", "t1", Instant.now()));
            record(w, 2);
            w.finish(TapeStatus.FINALIZED);
        }
        assertThat(permissions(root)).allSatisfy((path, mode) -> assertThat(mode).as(path.toString())
                .isEqualTo(Files.isDirectory(root.resolve(path)) ? "rwxr-x---" : "rw-r-----"));
    }
}
