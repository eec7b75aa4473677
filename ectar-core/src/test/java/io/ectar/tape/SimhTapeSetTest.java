package io.ectar.tape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ectar.tape.device.SimhTapeImage;
import io.ectar.tape.device.TapeDevice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole tape sets on SIMH images: valid for mtdump, restorable from any k images in any order. */
class SimhTapeSetTest {

    private static final int BLOCK = 16 * 1024;

    @TempDir
    Path dir;

    private List<Path> images(int n, String prefix) {
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            paths.add(dir.resolve(prefix + i + ".tap"));
        }
        return paths;
    }

    private static List<TapeDevice> open(List<Path> paths, SimhTapeImage.Options options) throws IOException {
        List<TapeDevice> devices = new ArrayList<>();
        for (Path p : paths) {
            devices.add(SimhTapeImage.open(p, options));
        }
        return devices;
    }

    @Test
    void roundTripValidatedByMtdumpAndAnyKImagesShuffled() throws IOException, InterruptedException {
        List<Path> paths = images(5, "set");
        List<byte[]> payloads = TapeSets.payloads(4, 100_000, 11);
        TapeDirectory directory;
        try (RaitShardWriter writer = TapeSets.write(open(paths, SimhTapeImage.Options.UNLIMITED),
                TapeSets.label(3, 2, BLOCK, BlockMode.VARIABLE), payloads)) {
            directory = writer.directory();
        }
        for (int tape = 0; tape < paths.size(); tape++) {
            List<Integer> files = mtdumpRecordsPerFile(paths.get(tape));
            // label, 4 chunks, index shard, recovery, index, directory
            assertThat(files).hasSize(9);
            assertThat(files.get(0)).isEqualTo(1);
            for (TapeDirectory.TapeFile f : directory.files()) {
                assertThat((long) files.get((int) f.file())).as("tape %d file %d", tape, f.file())
                        .isEqualTo(f.shard(tape).records());
            }
        }
        Random random = new Random(3);
        for (int round = 0; round < 3; round++) {
            List<Path> shuffled = new ArrayList<>(paths);
            Collections.shuffle(shuffled, random);
            try (TapeShardReader reader = TapeShardReader.open(open(shuffled.subList(0, 3), SimhTapeImage.Options.UNLIMITED))) {
                assertThat(TapeSets.decodeAll(reader, false)).containsExactlyElementsOf(payloads);
            }
        }
    }

    @Test
    void fixedBlocksLargerThanTheFirstReadBufferStillShowTheirLabel() throws IOException {
        List<Path> paths = images(2, "big");
        TapeLabel label = TapeSets.label(1, 1, 1 << 20, BlockMode.FIXED);
        List<byte[]> payloads = TapeSets.payloads(2, 3000, 15);
        TapeSets.write(open(paths, SimhTapeImage.Options.UNLIMITED), label, payloads).close();
        try (TapeShardReader reader = TapeShardReader.open(open(paths, SimhTapeImage.Options.UNLIMITED))) {
            assertThat(reader.label().blockSize()).isEqualTo(1 << 20);
            assertThat(TapeSets.decodeAll(reader, true)).containsExactlyElementsOf(payloads);
        }
        assertThatThrownBy(() -> RaitShardWriter.start(open(paths, SimhTapeImage.Options.UNLIMITED),
                TapeSets.label(1, 1, 1 << 20, BlockMode.FIXED), false, 4))
                .hasMessageContaining("already holds data (tape 0 (of 2) of set " + label.setId() + ")");
    }

    @Test
    void aCopyOfATapeIsNotASecondTape() throws IOException {
        List<Path> paths = images(3, "dup");
        TapeSets.write(open(paths, SimhTapeImage.Options.UNLIMITED), TapeSets.label(2, 1, BLOCK, BlockMode.VARIABLE),
                TapeSets.payloads(1, 1000, 14)).close();
        Path copy = Files.copy(paths.get(1), dir.resolve("copy.tap"));
        assertThatThrownBy(() -> TapeShardReader.open(open(List.of(paths.get(1), copy), SimhTapeImage.Options.UNLIMITED)))
                .isInstanceOf(RaitException.class)
                .hasMessageContaining(paths.get(1) + " and " + copy + " are both tape 1 of set");
    }

    @Test
    void aDamagedRecordInOneImageIsRepaired() throws IOException {
        List<Path> paths = images(3, "dmg");
        List<byte[]> payloads = TapeSets.payloads(3, 60_000, 12);
        TapeSets.write(open(paths, SimhTapeImage.Options.UNLIMITED), TapeSets.label(2, 1, BLOCK, BlockMode.FIXED),
                payloads).close();
        // Overwrite bytes in the middle of tape 1's image: somewhere inside a chunk record.
        byte[] image = Files.readAllBytes(paths.get(1));
        for (int i = 0; i < 64; i++) {
            image[image.length / 3 + i] ^= 0x5a;
        }
        Files.write(paths.get(1), image);
        try (TapeShardReader reader = TapeShardReader.open(open(paths, SimhTapeImage.Options.UNLIMITED))) {
            List<String> problems = new ArrayList<>();
            try (TapeShardReader.ShardStream stream = reader.chunks(1, 3, true)) {
                while (stream.hasNext()) {
                    problems.addAll(stream.next().problems());
                }
            }
            assertThat(problems).singleElement().asString().startsWith("tape 1: ");
            assertThat(TapeSets.decodeAll(reader, false)).containsExactlyElementsOf(payloads);
        }
    }

    @Test
    void earlyWarningMidArchiveEndsEveryTapeCleanly() throws IOException, InterruptedException {
        List<Path> paths = images(3, "ew");
        // Early warning after ~200 KB per tape, physical end far enough for the chunk and the trailer.
        SimhTapeImage.Options small = new SimhTapeImage.Options(2_000_000, 200_000, 0);
        List<byte[]> payloads = TapeSets.payloads(30, 60_000, 13);
        TapeLabel label = TapeSets.label(2, 1, BLOCK, BlockMode.VARIABLE);
        int written = 0;
        try (RaitShardWriter writer = RaitShardWriter.start(open(paths, small), label, false, 4)) {
            io.ectar.codec.ZfecCodec codec = io.ectar.codec.ZfecCodec.create(2, 3);
            while (written < payloads.size() && !writer.earlyWarning()) {
                TapeSets.writeChunk(writer, ++written, codec.encode(payloads.get(written - 1)));
            }
            TapeSets.writeTrailer(writer, label);
            writer.finish();
            assertThat(writer.directory().endedAtEarlyWarning()).isTrue();
        }
        assertThat(written).isBetween(2, 29);
        for (Path p : paths) {
            assertThat(mtdumpRecordsPerFile(p)).hasSize(written + 5);
        }
        try (TapeShardReader reader = TapeShardReader.open(open(paths, SimhTapeImage.Options.UNLIMITED))) {
            assertThat(reader.directory().endedAtEarlyWarning()).isTrue();
            assertThat(TapeSets.decodeAll(reader, false)).containsExactlyElementsOf(payloads.subList(0, written));
        }
    }

    /** Runs mtdump and returns the number of records in each tape file, up to the double filemark. */
    static List<Integer> mtdumpRecordsPerFile(Path image) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mtdump", image.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).doesNotContain("Invalid").contains("end of logical tape");
        List<Integer> files = new ArrayList<>();
        int records = 0;
        Matcher record = Pattern.compile("record \\d+, length = \\d+").matcher("");
        for (String line : out.split("\n")) {
            if (record.reset(line).find()) {
                records++;
            } else if (line.contains("end of tape file")) {
                files.add(records);
                records = 0;
            }
        }
        return files;
    }
}
