package io.ectar.tape;

import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.archive.Archive;
import io.ectar.archive.ArchiveCreator;
import io.ectar.archive.CreateOptions;
import io.ectar.archive.CreateResult;
import io.ectar.archive.ExtractOptions;
import io.ectar.archive.ExtractResult;
import io.ectar.archive.Extractor;
import io.ectar.archive.IndexOrigin;
import io.ectar.archive.Progress;
import io.ectar.tape.device.MockTapeDevice;
import io.ectar.tape.device.SimhTapeImage;
import io.ectar.tape.device.TapeDevice;
import io.ectar.tape.device.TapePosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real archive pipeline on SIMH tape images: create to tapes, extract from any k of them. */
class TapeArchiveRoundTripTest {

    @TempDir
    Path tmp;

    static Path tree(Path root, long seed) throws IOException {
        Random random = new Random(seed);
        Files.createDirectories(root.resolve("sub/deeper"));
        for (int i = 0; i < 12; i++) {
            byte[] data = new byte[random.nextInt(i == 5 ? 300_000 : 20_000)];
            random.nextBytes(data);
            Files.write(root.resolve((i % 3 == 0 ? "sub/" : i % 3 == 1 ? "sub/deeper/" : "") + "file" + i), data);
        }
        Files.writeString(root.resolve("readme.txt"), "hello tape\n".repeat(1000));
        return root;
    }

    static Map<String, String> hashes(Path root) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                all.put(root.relativize(p).toString(), sha256(Files.readAllBytes(p)));
            }
        }
        return all;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void createToTapesAndExtractFromAnyTwoOfThree() throws IOException, InterruptedException {
        Path src = tree(tmp.resolve("src/data"), 1);
        List<Path> images = List.of(tmp.resolve("t0.tap"), tmp.resolve("t1.tap"), tmp.resolve("t2.tap"));
        List<TapeDevice> devices = new ArrayList<>();
        for (Path p : images) {
            devices.add(SimhTapeImage.open(p, SimhTapeImage.Options.UNLIMITED));
        }
        TapeLabel label = new TapeLabel("0f0e0d0c-0000-4000-8000-000000000001", 0, 2, 1, 16 * 1024,
                BlockMode.VARIABLE, "ectar-test", "2026-11-21T00:00:00Z", "backup");
        CreateOptions options = CreateOptions.defaults().withShards(2, 1).withChunkSize(64 << 10);
        CreateResult created;
        TapeDirectory directory;
        try (TapeShardSink sink = new TapeShardSink(RaitShardWriter.start(devices, label, false, 16), devices, null)) {
            created = new ArchiveCreator(options, Progress.NONE).create(List.of(src), "backup", sink);
            assertThat(sink.reports()).hasSize(3).allSatisfy(r -> assertThat(r.ok()).isTrue());
            directory = sink.directory();
        }
        assertThat(created.chunks()).isGreaterThan(3);
        assertThat(directory.chunks()).hasSize(created.chunks());
        for (Path image : images) {
            assertThat(SimhTapeSetTest.mtdumpRecordsPerFile(image)).hasSize(created.chunks() + 5);
        }

        for (List<Path> two : List.of(List.of(images.get(2), images.get(0)), List.of(images.get(1), images.get(2)))) {
            List<TapeDevice> readers = new ArrayList<>();
            for (Path p : two) {
                readers.add(SimhTapeImage.open(p, SimhTapeImage.Options.UNLIMITED));
            }
            Path restored = tmp.resolve("restored-" + two.get(0).getFileName());
            ExtractResult result;
            try (Archive archive = Archive.open(new TapeShardSource(TapeShardReader.open(readers), false))) {
                assertThat(archive.indexOrigin()).isEqualTo(IndexOrigin.FILE);
                assertThat(archive.source().base()).isEqualTo("backup");
                result = new Extractor(archive, ExtractOptions.defaults(), Progress.NONE).extract(restored);
            }
            assertThat(result.lostSomething()).isFalse();
            assertThat(hashes(restored.resolve("data"))).isEqualTo(hashes(src));
        }
    }

    @Test
    void aDriveDroppedMidArchiveIsRecordedInTheIndexAndTheRestoreStillWorks() throws IOException {
        Path src = tree(tmp.resolve("src/data"), 2);
        List<MockTapeDevice> drives = TapeSets.mocks(3);
        drives.get(1).failWriteAt(new TapePosition(3, 0));
        TapeLabel label = new TapeLabel("0f0e0d0c-0000-4000-8000-000000000002", 0, 2, 1, 16 * 1024,
                BlockMode.VARIABLE, "ectar-test", "2026-11-21T00:00:00Z", "backup");
        CreateOptions options = CreateOptions.defaults().withShards(2, 1).withChunkSize(64 << 10);
        CreateResult created;
        try (TapeShardSink sink = new TapeShardSink(RaitShardWriter.start(drives, label, false, 16), drives, null)) {
            created = new ArchiveCreator(options, Progress.NONE).create(List.of(src), "backup", sink);
            assertThat(sink.reports().get(1).ok()).isFalse();
            assertThat(sink.droppedDrives()).singleElement().asString().contains("tape 1 (mock1)");
        }
        drives.forEach(MockTapeDevice::reopen);
        Path restored = tmp.resolve("restored");
        try (Archive archive = Archive.open(new TapeShardSource(TapeShardReader.open(drives), false))) {
            List<io.ectar.format.ChunkRecord> chunks = archive.index().orElseThrow().chunks();
            assertThat(chunks).hasSize(created.chunks());
            assertThat(chunks.get(1).shardSha256().get(1)).as("chunk 2 reached tape 1").isNotNull();
            for (io.ectar.format.ChunkRecord c : chunks.subList(2, chunks.size())) {
                assertThat(c.shardSha256().get(1)).as("chunk %d on the dropped tape", c.number()).isNull();
                assertThat(c.shardSha256().get(0)).isNotNull();
            }
            ExtractResult result = new Extractor(archive, ExtractOptions.defaults(), Progress.NONE).extract(restored);
            assertThat(result.lostSomething()).isFalse();
        }
        assertThat(hashes(restored.resolve("data"))).isEqualTo(hashes(src));
    }
}
