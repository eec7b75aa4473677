package io.ectar.tape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ectar.archive.Archive;
import io.ectar.archive.ArchiveCreator;
import io.ectar.archive.CreateOptions;
import io.ectar.archive.CreateResult;
import io.ectar.archive.ExtractOptions;
import io.ectar.archive.ExtractResult;
import io.ectar.archive.Extractor;
import io.ectar.archive.Progress;
import io.ectar.tape.changer.Cartridge;
import io.ectar.tape.changer.CartridgeCheck;
import io.ectar.tape.changer.SimLibrary;
import io.ectar.tape.internal.FilemarkReader;
import io.ectar.tape.device.SimhTapeImage;
import io.ectar.tape.device.TapeDevice;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tape sets spanning cartridges of an emulated library, through the real archive pipeline. The issue's
 * geometry (3 drives 2+1, 40 MB cartridges with early warning at 36 MB, 300 MB of input) is scaled down ten
 * times to keep the suite fast on two cores: 4 MB cartridges, early warning at 3.6 MB, 30 MB of input; the
 * full-size run is {@code scripts/bench-rait --volumes}. The library also holds a cartridge of another set,
 * a write-protected one and one the changer fails to load, which the writer must pass over.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiVolumeTapeSetTest {

    static final long CAPACITY = 4_000_000;
    static final long EARLY_WARNING = 3_600_000;
    static final int BLOCK = 32 * 1024;
    static final SimhTapeImage.Options CARTRIDGE = new SimhTapeImage.Options(CAPACITY, EARLY_WARNING, 0);

    Path tmp;

    Path src;
    Path library;
    List<Path> drives;
    TapeDirectory directory;
    CreateResult created;
    List<String> refused;
    String foreignSet;
    Map<String, Path> volumeImages = new TreeMap<>();

    @BeforeAll
    void writeTheSet(@TempDir Path dir) throws IOException {
        tmp = dir;
        src = tmp.resolve("src/data");
        Files.createDirectories(src);
        Random random = new Random(17);
        for (int i = 0; i < 6; i++) {
            byte[] data = new byte[5_000_000];
            random.nextBytes(data);
            Files.write(src.resolve("part" + i + ".bin"), data);
        }
        Files.writeString(src.resolve("notes.txt"), "volumes\n".repeat(10_000));
        library = tmp.resolve("library");
        Files.createDirectories(library);
        drives = List.of(tmp.resolve("drive-0.tap"), tmp.resolve("drive-1.tap"), tmp.resolve("drive-2.tap"));
        for (int slot = 1; slot <= 24; slot++) {
            Files.createFile(library.resolve(String.format("slot-%03d.tap", slot)));
        }
        foreignSet = writeForeignSet(library.resolve("slot-005.tap"));
        Files.setPosixFilePermissions(library.resolve("slot-007.tap"), PosixFilePermissions.fromString("r--r--r--"));
        Files.createFile(library.resolve("slot-009.jammed"));

        TapeLabel label = new TapeLabel("0f0e0d0c-0000-4000-8000-00000000aa01", 0, 2, 1, BLOCK,
                BlockMode.VARIABLE, "ectar-test", "2026-12-03T00:00:00Z", "backup");
        CreateOptions options = CreateOptions.defaults().withShards(2, 1).withChunkSize(256 << 10);
        SimLibrary changer = new SimLibrary(library, drives, null, CARTRIDGE);
        List<String> none = new ArrayList<>();
        List<Cartridge> first = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            first.add(CartridgeCheck.loadForWriting(changer, d, 1, label.setId(), none));
        }
        RaitShardWriter writer = RaitShardWriter.start(first, label, false, 16, changer);
        try (TapeShardSink sink = new TapeShardSink(writer, first.stream().map(Cartridge::device).toList(), null)) {
            created = new ArchiveCreator(options, Progress.NONE).create(List.of(src), "backup", sink);
            assertThat(sink.stoppedEarly()).isFalse();
            assertThat(sink.reports()).allSatisfy(r -> assertThat(r.ok()).as(r.toString()).isTrue());
            directory = sink.directory();
            refused = new ArrayList<>(none);
            refused.addAll(writer.refusedCartridges());
        }
        for (Path p : Files.list(library).filter(p -> p.toString().endsWith(".tap")).toList()) {
            TapeLabel l = labelOf(p);
            if (l != null && l.setId().equals(label.setId())) {
                volumeImages.put(l.tape() + "/" + l.volume(), p);
            }
        }
    }

    private static String writeForeignSet(Path image) throws IOException {
        TapeLabel other = TapeSets.label(1, 0, BLOCK, BlockMode.VARIABLE);
        TapeSets.write(List.of(SimhTapeImage.open(image, SimhTapeImage.Options.UNLIMITED)), other,
                TapeSets.payloads(1, 1000, 3)).close();
        return other.setId();
    }

    static TapeLabel labelOf(Path image) throws IOException {
        try (SimhTapeImage tape = SimhTapeImage.openForReading(image, SimhTapeImage.Options.UNLIMITED)) {
            FilemarkReader.FirstRecord first = FilemarkReader.readFirstRecord(tape);
            return first.length() > 0 ? TapeLabel.decode(first.bytes(), first.length()) : null;
        }
    }

    @Test
    void everyDriveSpansAtLeastThreeVolumesAndTheCatalogSaysWhere() {
        for (int tape = 0; tape < 3; tape++) {
            List<TapeDirectory.Volume> volumes = directory.volumesOf(tape);
            assertThat(volumes).as("tape %d", tape).hasSizeGreaterThanOrEqualTo(3);
            for (int v = 0; v < volumes.size(); v++) {
                TapeDirectory.Volume vol = volumes.get(v);
                assertThat(vol.volume()).isEqualTo(v + 1);
                assertThat(vol.slot()).isNotNull();
                assertThat(volumeImages).containsKey(tape + "/" + vol.volume());
                if (v > 0) {
                    // The next volume starts with the next chunk: no chunk is split or repeated.
                    assertThat(vol.firstChunk()).isEqualTo(volumes.get(v - 1).lastChunk() + 1);
                    assertThat(vol.firstFile()).isEqualTo(volumes.get(v - 1).lastFile() + 1);
                }
            }
            assertThat(volumes.get(volumes.size() - 1).lastChunk()).isEqualTo(created.chunks());
        }
        assertThat(directory.multiVolume()).isTrue();
    }

    @Test
    void theWriterPassedOverTheForeignTheWriteProtectedAndTheJammedCartridge() {
        assertThat(String.join("\n", refused))
                .contains("refused slot 5", "it holds another tape set", foreignSet)
                .contains("refused slot 7", "write-protected")
                .contains("loading slot 9 into drive", "emulated jam");
        assertThat(volumeImages.values()).noneMatch(p -> p.getFileName().toString().matches("slot-00[579]\\.tap"));
    }

    @Test
    void aShardThatCrossesTheEarlyWarningPointStaysWholeOnItsVolume() throws IOException, InterruptedException {
        for (Map.Entry<String, Path> e : volumeImages.entrySet()) {
            long size = Files.size(e.getValue());
            assertThat(size).as(e.getKey()).isLessThanOrEqualTo(CAPACITY);
            int tape = Integer.parseInt(e.getKey().split("/")[0]);
            int volume = Integer.parseInt(e.getKey().split("/")[1]);
            List<Integer> files = SimhTapeSetTest.mtdumpRecordsPerFile(e.getValue());
            TapeDirectory.Volume vol = directory.volumesOf(tape).get(volume - 1);
            boolean last = volume == directory.lastVolume(tape);
            if (!last) {
                // The shard being written at early warning was finished past the point, then the trailer.
                assertThat(size).as(e.getKey()).isGreaterThan(EARLY_WARNING);
                int chunks = vol.lastChunk() - vol.firstChunk() + 1;
                assertThat(files).as("label, %d chunks, trailer", chunks).hasSize(1 + chunks + 1);
            }
            for (int c = vol.firstChunk(); c <= vol.lastChunk() && c > 0; c++) {
                TapeDirectory.TapeFile f = directory.chunks().get(c - 1);
                long physical = directory.locate(tape, f.file()).physicalFile();
                assertThat((long) files.get((int) physical)).as("%s chunk %d", e.getKey(), c)
                        .isEqualTo(f.shard(tape).records());
            }
        }
    }

    @Test
    void restoresBitExactFromAnyTwoDrivesVolumesGivenByHandInAnyOrder() throws IOException {
        Map<String, String> expected = TapeArchiveRoundTripTest.hashes(src);
        Random random = new Random(5);
        for (List<Integer> two : List.of(List.of(0, 1), List.of(1, 2), List.of(2, 0))) {
            List<TapeDevice> devices = new ArrayList<>();
            List<Path> images = new ArrayList<>(volumeImages.entrySet().stream()
                    .filter(e -> two.contains(Integer.parseInt(e.getKey().split("/")[0]))).map(Map.Entry::getValue)
                    .toList());
            Collections.shuffle(images, random);
            for (Path p : images) {
                devices.add(SimhTapeImage.openForReading(p, SimhTapeImage.Options.UNLIMITED));
            }
            Path restored = tmp.resolve("restored-" + two.get(0) + two.get(1));
            ExtractResult result;
            try (Archive archive = Archive.open(new TapeShardSource(TapeShardReader.open(devices), false))) {
                result = new Extractor(archive, ExtractOptions.defaults(), Progress.NONE).extract(restored);
            }
            assertThat(result.lostSomething()).isFalse();
            assertThat(TapeArchiveRoundTripTest.hashes(restored.resolve("data"))).isEqualTo(expected);
        }
    }

    @Test
    void restoresThroughTheLibraryWithOneVolumeOfOneDriveMissing() throws IOException {
        // Tape 0's volume 2 is gone; tape 1 is complete; tape 2 is not read at all (two drives).
        Path missing = volumeImages.get("0/2");
        Path aside = tmp.resolve("aside.tap");
        Files.move(missing, aside);
        try {
            Path restored = tmp.resolve("restored-lib");
            ExtractResult result;
            SimLibrary changer = new SimLibrary(library, drives, null, SimhTapeImage.Options.UNLIMITED);
            try (Archive archive = Archive.open(new TapeShardSource(TapeShardReader.open(changer, 3, null), false))) {
                result = new Extractor(archive, ExtractOptions.defaults(), Progress.NONE).extract(restored);
            }
            assertThat(result.lostSomething()).isFalse();
            assertThat(TapeArchiveRoundTripTest.hashes(restored.resolve("data")))
                    .isEqualTo(TapeArchiveRoundTripTest.hashes(src));
            assertThat(drives).noneMatch(Files::exists); // every cartridge went back to its slot
        } finally {
            Files.move(aside, missing);
        }
    }

    @Test
    void restoresThroughTheLibraryWithJustTwoDrives() throws IOException {
        // The last volume, loaded first for the catalog and the index, still counts as in the library.
        Path restored = tmp.resolve("restored-two");
        ExtractResult result;
        SimLibrary changer = new SimLibrary(library, drives.subList(0, 2), null, SimhTapeImage.Options.UNLIMITED);
        try (Archive archive = Archive.open(new TapeShardSource(TapeShardReader.open(changer, 2, null), false))) {
            assertThat(archive.info().shards().lostChunks()).isZero();
            result = new Extractor(archive, ExtractOptions.defaults(), Progress.NONE).extract(restored);
        }
        assertThat(result.lostSomething()).isFalse();
        assertThat(TapeArchiveRoundTripTest.hashes(restored.resolve("data")))
                .isEqualTo(TapeArchiveRoundTripTest.hashes(src));
    }

    @Test
    void aLoneVolumeIsNotTheWholeTape() throws IOException {
        Path first = volumeImages.get("1/1");
        assertThatThrownBy(() -> TapeShardReader.open(List.of(SimhTapeImage.openForReading(first,
                SimhTapeImage.Options.UNLIMITED), SimhTapeImage.openForReading(volumeImages.get("2/1"),
                SimhTapeImage.Options.UNLIMITED))))
                .isInstanceOf(RaitException.class)
                .hasMessageContaining("is volume 1 of tape 1, which goes on on volume 2");
    }

    @Test
    void aCartridgeOfThisSetIsRefused() throws IOException {
        try (SimhTapeImage used = SimhTapeImage.open(volumeImages.get("2/2"), SimhTapeImage.Options.UNLIMITED)) {
            assertThat(CartridgeCheck.refusal(new Cartridge(used, "3", null), directory.setId()))
                    .startsWith("it already belongs to this set (tape 2 (of 3) volume 2 of set");
        }
    }
}
