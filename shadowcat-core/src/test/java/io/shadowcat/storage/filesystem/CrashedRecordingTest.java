package io.shadowcat.storage.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageException;
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
import io.shadowcat.tape.TapeStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording whose process is killed ({@code SIGKILL}) stays {@code recording} on disk; once its writer is
 * gone (its OS lock released) every reader reports it as {@code error} with the frames its file holds, a
 * reading open writes nothing, and the next writing open records the repair.
 */
class CrashedRecordingTest {

    private static final TapeId TAPE = TapeId.of("crashed");

    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void killChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKilledRecordingIsReportedAsErrorWithItsFramesAndRepairedByTheNextWriter() throws Exception {
        BufferedReader said = startRecorder(7);
        assertThat(said.readLine()).isEqualTo("recorded 7");

        try (TapeStorageBackend reader = open(OpenMode.EXISTING)) {
            TapeSummary live = only(reader);
            assertThat(live.status()).as("recorded by a live process").isEqualTo(TapeStatus.RECORDING);
            assertThatThrownBy(() -> reader.delete(TAPE)).isInstanceOf(StorageException.class)
                    .hasMessageContaining("another process records it");
        }

        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Map<String, String> before = snapshot();
        assertThat(before).containsKey("crashed.lock");
        try (TapeStorageBackend reader = open(OpenMode.EXISTING)) {
            TapeSummary s = only(reader);
            assertThat(s.status()).isEqualTo(TapeStatus.ERROR);
            assertThat(s.frameCount()).isEqualTo(7);
            assertThat(reader.header(TAPE).metadata().status()).isEqualTo(TapeStatus.ERROR);
            assertThat(reader.load(TAPE).metadata().status()).isEqualTo(TapeStatus.ERROR);
            assertThat(reader.load(TAPE).frames()).hasSize(7);
            assertThat(reader.stats().tapeCount()).isEqualTo(1);
            assertThat(reader.list(TapeQuery.all().withStatus(TapeStatus.RECORDING)).items()).isEmpty();
            assertThat(reader.list(TapeQuery.all().withStatus(TapeStatus.ERROR)).items())
                    .extracting(TapeSummary::id).containsExactly(TAPE);
            assertThat(reader.search(io.shadowcat.storage.query.SearchQuery.parse("status:error")).items())
                    .extracting(h -> h.tape().status()).containsExactly(TapeStatus.ERROR);
            assertThat(reader.search(io.shadowcat.storage.query.SearchQuery.parse("status:recording")).items()).isEmpty();
        }
        assertThat(snapshot()).as("a reading open writes nothing").isEqualTo(before);

        try (TapeStorageBackend writer = open(OpenMode.CREATE)) {
            assertThat(only(writer).status()).isEqualTo(TapeStatus.ERROR);
        }
        assertThat(dir.resolve("crashed.lock")).doesNotExist();
        assertThat(Files.readString(dir.resolve("crashed.meta.json"))).contains("\"error\"");
        try (TapeStorageBackend again = open(OpenMode.EXISTING)) {
            TapeSummary s = only(again);
            assertThat(s.status()).isEqualTo(TapeStatus.ERROR);
            assertThat(s.frameCount()).isEqualTo(7);
            assertThat(again.delete(TAPE)).isTrue();
        }
    }

    @Test
    void aRecordingInThisProcessIsNeverTakenForACrashedOne() {
        try (TapeStorageBackend writing = open(OpenMode.CREATE); TapeWriter w = writing.openWriter(header())) {
            w.append(frame(0));
            w.flush();
            try (TapeStorageBackend other = open(OpenMode.CREATE)) {
                assertThat(only(other).status()).isEqualTo(TapeStatus.RECORDING);
                assertThat(other.header(TAPE).metadata().status()).isEqualTo(TapeStatus.RECORDING);
            }
            w.append(frame(1));
        }
        try (TapeStorageBackend after = open(OpenMode.EXISTING)) {
            TapeSummary s = only(after);
            assertThat(s.status()).isEqualTo(TapeStatus.FINALIZED);
            assertThat(s.frameCount()).isEqualTo(2);
        }
        assertThat(dir.resolve("crashed.lock")).doesNotExist();
    }

    private BufferedReader startRecorder(int frames) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        child = new ProcessBuilder(java.toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), Recorder.class.getName(), dir.toString(),
                Integer.toString(frames))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    }

    private TapeStorageBackend open(OpenMode mode) {
        return new FilesystemStorageProvider().create(StorageSettings.of("filesystem",
                Map.of("path", dir.toString(), "durability", "on_close")), mode);
    }

    private static TapeSummary only(TapeStorageBackend s) {
        List<TapeSummary> items = s.list(TapeQuery.all()).items();
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static TapeHeader header() {
        return new TapeHeader(TAPE, "session", Instant.parse("2026-01-01T00:00:00Z"), "2025-06-18",
                TapeMetadata.named("crashed"));
    }

    private static Frame frame(int i) {
        return Frame.of(i, i, Direction.CLIENT_TO_SERVER,
                TapeJson.parse("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":" + i + "}"));
    }

    private Map<String, String> snapshot() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.list(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                out.put(p.getFileName().toString(), Files.getLastModifiedTime(p) + " " + HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }

    /** The child JVM: records N frames, makes them durable, says so, then waits to be killed. */
    public static final class Recorder {
        public static void main(String[] args) throws Exception {
            TapeStorageBackend s = new FilesystemStorageProvider().create(StorageSettings.of("filesystem",
                    Map.of("path", args[0], "durability", "on_close")), OpenMode.CREATE);
            TapeWriter w = s.openWriter(header());
            int n = Integer.parseInt(args[1]);
            for (int i = 0; i < n; i++) {
                w.append(frame(i));
            }
            w.flush();
            System.out.println("recorded " + n);
            System.out.flush();
            System.in.read(); // never closes the writer: the parent kills this JVM
            Thread.currentThread().join();
        }
    }
}
