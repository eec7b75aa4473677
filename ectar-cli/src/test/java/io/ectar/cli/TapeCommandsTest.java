package io.ectar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.tape.device.SimhTapeImage;
import io.ectar.tape.device.TapeDevice;
import io.ectar.tape.TapeLabel;
import io.ectar.tape.TapeShardReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive commands with {@code --tape-devices}: SIMH tape images standing in for LTO drives. */
class TapeCommandsTest {

    @TempDir
    Path tmp;

    private Path data;

    @BeforeEach
    void tree() throws IOException {
        data = Files.createDirectories(tmp.resolve("data"));
        Files.createDirectories(data.resolve("sub"));
        Random random = new Random(5);
        for (int i = 0; i < 8; i++) {
            byte[] bytes = new byte[5_000 + random.nextInt(60_000)];
            random.nextBytes(bytes);
            Files.write((i % 2 == 0 ? data : data.resolve("sub")).resolve("f" + i + ".bin"), bytes);
        }
        Files.writeString(data.resolve("notes.txt"), "tape notes\n");
    }

    private String tap(String name) {
        return tmp.resolve(name).toString();
    }

    private static TapeLabel label(String image) throws IOException {
        try (TapeShardReader reader = TapeShardReader.open(List.of(SimhTapeImage.open(Path.of(image),
                SimhTapeImage.Options.UNLIMITED)))) {
            return reader.label();
        } catch (io.ectar.tape.RaitException tooFew) {
            // one tape of a bigger set: read the label by hand
            try (TapeDevice d = SimhTapeImage.open(Path.of(image), SimhTapeImage.Options.UNLIMITED)) {
                byte[] record = new byte[1 << 20];
                int n = d.readRecord(record);
                String text = new String(record, 0, n, java.nio.charset.StandardCharsets.UTF_8);
                return new com.fasterxml.jackson.databind.ObjectMapper()
                        .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                        .readValue(text.substring(text.indexOf('\n') + 1), TapeLabel.class);
            }
        }
    }

    static Map<String, String> hashes(Path root) throws Exception {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                all.put(root.relativize(p).toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return all;
    }

    /** {@code -o} takes the archive's base name, on tapes as in a directory: one check for both. */
    @Test
    void aDirectoryAsTheOutputIsAUsageErrorForBothKindsOfCreate() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("out"));
        CliRun toDirectory = CliRun.of("create", "-o", dir.toString(), data.toString());
        CliRun toTapes = CliRun.of("create", "--tape-devices", tap("a.tap") + "," + tap("b.tap"), "-o", dir + "/",
                data.toString());
        for (CliRun r : List.of(toDirectory, toTapes)) {
            assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitStatus.USAGE.code());
            assertThat(r.err()).contains("must be the archive's base name (a file name prefix), not a directory:"
                    + " use -o DIR/NAME");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("nothing written").isEmpty();
        }
    }

    @Test
    void createThenExtractListVerifyInfoFromTheTapesAlone() throws Exception {
        String a = tap("a.tap");
        String b = tap("b.tap");
        String c = tap("c.tap");
        CliRun created = CliRun.of("create", "--tape-devices", a + "," + b, "--tape-devices", c,
                "--block-size", "16KiB", "--chunk-size", "64KiB", "--verify", data.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        TapeLabel label = label(a);
        assertThat(label.dataShards()).as("3 drives: 2 + 1 by default").isEqualTo(2);
        assertThat(label.parityShards()).isEqualTo(1);
        assertThat(label.blockSize()).isEqualTo(16 * 1024);
        assertThat(label.archive()).startsWith("tapeset-");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no local files without -o")
                    .containsExactlyInAnyOrder("data", "a.tap", "b.tap", "c.tap");
        }

        Path restored = tmp.resolve("restored");
        CliRun extracted = CliRun.of("extract", "--tape-devices", c + "," + a, "-o", restored.toString());
        assertThat(extracted.exitCode()).as(extracted.err()).isZero();
        assertThat(hashes(restored.resolve("data"))).isEqualTo(hashes(data));

        CliRun listed = CliRun.of("list", "--tape-devices", b, "--tape-devices", c);
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("data/sub/f1.bin").contains("data/notes.txt");

        CliRun info = CliRun.of("info", "--tape-devices", a + "," + b + "," + c);
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("tape set " + label.setId());

        CliRun verified = CliRun.of("verify", "--tape-devices", b + "," + c + "," + a);
        assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
        assertThat(verified.out()).contains("result: OK");
    }

    @Test
    void aDamagedTapeIsRepairedAndReported() throws Exception {
        String[] images = {tap("d0.tap"), tap("d1.tap"), tap("d2.tap")};
        CliRun created = CliRun.of("create", "--tape-devices", String.join(",", images), "--block-size", "16KiB",
                "--chunk-size", "64KiB", "--no-compression", data.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        byte[] image = Files.readAllBytes(Path.of(images[1]));
        for (int i = 0; i < 100; i++) {
            image[image.length / 4 + i] ^= 0x33;
        }
        Files.write(Path.of(images[1]), image);

        CliRun verified = CliRun.of("verify", "--tape-devices", String.join(",", images));
        assertThat(verified.exitCode()).as(verified.out() + verified.err()).isEqualTo(ExitStatus.DAMAGED.code());
        assertThat(verified.out()).contains("DAMAGED, but every byte is recoverable").contains("tape 1");

        Path restored = tmp.resolve("restored");
        CliRun extracted = CliRun.of("extract", "--tape-devices", String.join(",", images), "-o", restored.toString());
        assertThat(extracted.exitCode()).as(extracted.err()).isIn(ExitStatus.OK.code(), ExitStatus.DAMAGED.code());
        assertThat(hashes(restored.resolve("data"))).isEqualTo(hashes(data));
    }

    @Test
    void shardCountsFollowTheDrivesAndMustMatchThem() throws Exception {
        List<String> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(tap("five" + i + ".tap"));
        }
        CliRun created = CliRun.of("create", "--tape-devices", String.join(",", five), "--block-size", "16KiB",
                "--chunk-size", "64KiB", data.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        TapeLabel label = label(five.get(3));
        assertThat(label.dataShards()).as("5 drives: 3 + 2 by default").isEqualTo(3);
        assertThat(label.parityShards()).isEqualTo(2);
        assertThat(label.tape()).isEqualTo(3);

        CliRun mismatch = CliRun.of("create", "--tape-devices", tap("x0.tap") + "," + tap("x1.tap") + ","
                + tap("x2.tap"), "--data-shards", "3", "--parity-shards", "1", data.toString());
        assertThat(mismatch.exitCode()).isEqualTo(ExitStatus.USAGE.code());
        assertThat(mismatch.err()).contains("--data-shards 3 + --parity-shards 1 must equal the 3 tape devices");
        assertThat(Path.of(tap("x0.tap"))).as("nothing written on a usage error").doesNotExist();

        CliRun given = CliRun.of("create", "--tape-devices", tap("y0.tap") + "," + tap("y1.tap") + "," + tap("y2.tap"),
                "--parity-shards", "2", "--block-size", "16KiB", data.toString());
        assertThat(given.exitCode()).as(given.err()).isZero();
        assertThat(label(tap("y0.tap")).dataShards()).isEqualTo(1);
    }

    @Test
    void withoutAnIndexTheShardsAloneRestoreTheFiles() throws Exception {
        String images = tap("n0.tap") + "," + tap("n1.tap") + "," + tap("n2.tap");
        CliRun created = CliRun.of("create", "--tape-devices", images, "--no-index", "--block-size", "16KiB",
                "--chunk-size", "64KiB", data.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        Path restored = tmp.resolve("restored");
        CliRun extracted = CliRun.of("extract", "--tape-devices", tap("n2.tap") + "," + tap("n1.tap"),
                "-o", restored.toString());
        assertThat(extracted.exitCode()).as(extracted.err()).isIn(ExitStatus.OK.code(), ExitStatus.DAMAGED.code());
        assertThat(hashes(restored.resolve("data"))).isEqualTo(hashes(data));
    }

    @Test
    void benchTapeReportsEveryDrive() {
        CliRun bench = CliRun.of("bench-tape", "--tape-devices", tap("b0.tap") + "," + tap("b1.tap"),
                "--size", "1MiB", "--chunk-size", "256KiB", "--block-size", "16KiB");
        assertThat(bench.exitCode()).as(bench.err()).isZero();
        assertThat(bench.out()).contains("bench-tape: 2 drives (1+1), 4 chunks")
                .contains("tape 0 (" + tap("b0.tap") + "): ").contains("tape 1 (").contains("MB/s sustained");
    }

    @Test
    void outputBaseAlsoKeepsTheIndexLocally() throws Exception {
        Files.createDirectories(tmp.resolve("out"));
        String base = tmp.resolve("out/home.2026").toString();
        CliRun created = CliRun.of("create", "--tape-devices", tap("l0.tap") + "," + tap("l1.tap"), "-o", base,
                "--block-size", "16KiB", "--chunk-size", "64KiB", data.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        try (Stream<Path> files = Files.list(tmp.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("home.2026.index.zst", "home.2026.RECOVERY.txt", "home.2026.tape-catalog");
        }
        assertThat(label(tap("l0.tap")).archive()).isEqualTo("home.2026");
        CliRun listed = CliRun.of("list", "-i", base);
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("data/sub/f3.bin");
    }

    @Test
    void earlyWarningEndsTheArchiveCleanlyAndExitsOne() throws Exception {
        Random random = new Random(6);
        // 20 MB: more than the drives' queues (256 records of 16 KiB each) can hold past early warning.
        for (int i = 0; i < 40; i++) {
            byte[] bytes = new byte[512 * 1024];
            random.nextBytes(bytes);
            Files.write(data.resolve("more" + i + ".bin"), bytes);
        }
        String[] images = {tap("e0.tap"), tap("e1.tap"), tap("e2.tap")};
        CliRun created = CliRun.of("create", "--tape-devices", String.join(",", images), "--block-size", "16KiB",
                "--chunk-size", "64KiB", "--no-compression", "--tape-image-early-warning", "100KiB",
                "--tape-image-capacity", "50MiB", data.toString());
        assertThat(created.exitCode()).as(created.err()).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(created.err()).contains("early-warning point").contains("archived only")
                .contains("the rest was NOT archived");

        Path restored = tmp.resolve("restored");
        CliRun extracted = CliRun.of("extract", "--tape-devices", String.join(",", images), "-o", restored.toString());
        assertThat(extracted.exitCode()).as(extracted.err()).isZero();
        Map<String, String> got = hashes(restored.resolve("data"));
        Map<String, String> all = hashes(data);
        assertThat(got).isNotEmpty().hasSizeLessThan(all.size());
        got.forEach((path, hash) -> assertThat(all).containsEntry(path, hash));
    }

    @Test
    void earlyWarningDuringTheLastEntryIsReportedAndExitsOne() throws Exception {
        // One file: the end is checked between entries, so early warning comes while it is written and the
        // archive is complete, ending in the early-warning zone.
        Path one = Files.createDirectories(tmp.resolve("one"));
        byte[] bytes = new byte[1 << 20];
        new Random(7).nextBytes(bytes);
        Files.write(one.resolve("big.bin"), bytes);
        String[] images = {tap("w0.tap"), tap("w1.tap"), tap("w2.tap")};
        CliRun created = CliRun.of("create", "--tape-devices", String.join(",", images), "--block-size", "16KiB",
                "--chunk-size", "64KiB", "--no-compression", "--tape-image-early-warning", "100KiB",
                "--tape-image-capacity", "50MiB", one.toString());
        assertThat(created.exitCode()).as(created.err()).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(created.err()).contains("ectar create: the tapes passed their early-warning point (nearly full)"
                + " while the last entry was written: all 2 entries are archived");

        Path restored = tmp.resolve("restored");
        CliRun extracted = CliRun.of("extract", "--tape-devices", String.join(",", images), "-o", restored.toString());
        assertThat(extracted.exitCode()).as(extracted.err()).isZero();
        assertThat(restored.resolve("one/big.bin")).hasBinaryContent(bytes);
    }

    /** A 2 + 1 set on a.tap, b.tap, c.tap. */
    private String[] tapeSet() {
        String[] images = {tap("a.tap"), tap("b.tap"), tap("c.tap")};
        CliRun created = CliRun.of("create", "--tape-devices", String.join(",", images), "--block-size", "16KiB",
                "--chunk-size", "64KiB", data.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        return images;
    }

    @Test
    void aBlankTapeOrOneWithADamagedLabelBesideKGoodOnesIsLeftOutWithAWarning() throws Exception {
        String[] set = tapeSet();
        Files.createFile(tmp.resolve("blank.tap"));
        CliRun withBlank = CliRun.of("extract", "--tape-devices", set[0] + "," + tap("blank.tap") + "," + set[2],
                "-o", tmp.resolve("r1").toString());
        assertThat(withBlank.exitCode()).as(withBlank.err()).isZero();
        assertThat(withBlank.err()).contains("ectar extract: warning: left out, the set is read from the other"
                + " tapes: " + tap("blank.tap") + " holds no ectar tape label (the tape is blank)");
        assertThat(hashes(tmp.resolve("r1/data"))).isEqualTo(hashes(data));

        // Tape 1 with its label's JSON broken (the record and its SIMH framing stay intact).
        Path damaged = Files.copy(Path.of(set[1]), tmp.resolve("damaged.tap"));
        byte[] bytes = Files.readAllBytes(damaged);
        int json = 4 + "ECTAR TAPE LABEL 1\n".length();
        assertThat(bytes[json]).isEqualTo((byte) '{');
        bytes[json] = '#';
        Files.write(damaged, bytes);
        CliRun withDamaged = CliRun.of("list", "--tape-devices", damaged + "," + set[2] + "," + set[0]);
        assertThat(withDamaged.exitCode()).as(withDamaged.err()).isZero();
        assertThat(withDamaged.err()).contains("ectar list: warning: left out, the set is read from the other"
                + " tapes: " + damaged + " has a damaged ectar tape label");
        assertThat(withDamaged.out()).contains("data/sub/f3.bin");

        CliRun tooFew = CliRun.of("list", "--tape-devices", damaged + "," + tap("blank.tap") + "," + set[2]);
        assertThat(tooFew.exitCode()).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(tooFew.err()).contains("only 1 of the 3 tapes of set").contains("left out: ")
                .contains("the tape is blank").doesNotContain("Exception");
    }

    @Test
    void theSameTapeGivenTwiceIsSaidSo() throws Exception {
        String[] set = tapeSet();
        CliRun twice = CliRun.of("list", "--tape-devices", set[0] + "," + set[0]);
        assertThat(twice.exitCode()).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(twice.err()).contains(set[0] + " is given twice; give each tape once").doesNotContain("in use");
        String other = tmp.resolve("sub/../a.tap").toString();
        Files.createDirectories(tmp.resolve("sub"));
        CliRun aliased = CliRun.of("extract", "--tape-devices", set[0] + "," + other + "," + set[1],
                "-o", tmp.resolve("r").toString());
        assertThat(aliased.exitCode()).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(aliased.err()).contains(set[0] + " and " + other + " are the same tape, given twice");
        CliRun writing = CliRun.of("create", "--tape-devices", tap("n0.tap") + "," + tap("n0.tap"), data.toString());
        assertThat(writing.exitCode()).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(writing.err()).contains("n0.tap is given twice").doesNotContain("in use");
    }

    @Test
    void readingNeverCreatesOrChangesATapeImage() throws Exception {
        String[] set = tapeSet();
        Map<String, String> before = hashes(tmp);
        Map<String, java.nio.file.attribute.FileTime> times = new TreeMap<>();
        for (String image : set) {
            times.put(image, Files.getLastModifiedTime(Path.of(image)));
        }
        String typo = tap("typo.tap");
        String[][] reads = {{"list"}, {"extract", "-o", tmp.resolve("r").toString()}, {"verify"}, {"info"}};
        for (String[] command : reads) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("--tape-devices", set[0] + "," + typo));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(command[0]).isEqualTo(ExitStatus.FAILURE.code());
            assertThat(r.err()).as(command[0]).contains("no such tape image: " + typo);
            assertThat(Path.of(typo)).as(command[0]).doesNotExist();
        }
        for (String[] command : reads) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("--tape-devices", set[2] + "," + set[1] + "," + set[0]));
            assertThat(CliRun.of(args.toArray(String[]::new)).exitCode()).as(command[0]).isZero();
        }
        Map<String, String> after = hashes(tmp);
        after.keySet().removeIf(p -> p.startsWith("r/"));
        assertThat(after).isEqualTo(before);
        for (String image : set) {
            assertThat(Files.getLastModifiedTime(Path.of(image))).isEqualTo(times.get(image));
        }
    }

    @Test
    void tapesFillingUpWithoutEarlyWarningFailTheArchiveClearly() throws Exception {
        String images = tap("full0.tap") + "," + tap("full1.tap") + "," + tap("full2.tap");
        CliRun created = CliRun.of("create", "--tape-devices", images, "--block-size", "16KiB", "--chunk-size", "64KiB",
                "--no-compression", "--tape-image-capacity", "100KiB", data.toString());
        assertThat(created.exitCode()).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(created.err()).contains("drives are still writing, but 2 are needed").contains("tape full")
                .doesNotContain("Exception");
        CliRun listed = CliRun.of("list", "--tape-devices", images);
        assertThat(listed.exitCode()).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(listed.err()).contains("has a readable directory (was the writing interrupted?)");
    }

    @Test
    void clearErrorsForWrongDevicesAndTapes() throws Exception {
        CliRun devNull = CliRun.of("create", "--tape-devices", "/dev/null," + tap("n1.tap"), data.toString());
        assertThat(devNull.exitCode()).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(devNull.err()).contains("not a tape device: /dev/null").doesNotContain("Exception");

        Files.createFile(tmp.resolve("blank.tap"));
        CliRun blank = CliRun.of("extract", "--tape-devices", tap("blank.tap"), "-o", tmp.resolve("x").toString());
        assertThat(blank.exitCode()).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(blank.err()).contains("holds no ectar tape label (the tape is blank)");

        String[] first = {tap("s0.tap"), tap("s1.tap"), tap("s2.tap")};
        assertThat(CliRun.of("create", "--tape-devices", String.join(",", first), "--block-size", "16KiB",
                data.toString()).exitCode()).isZero();
        CliRun again = CliRun.of("create", "--tape-devices", String.join(",", first), data.toString());
        assertThat(again.exitCode()).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(again.err()).contains("already holds data").contains("--force");
        String[] second = {tap("t0.tap"), tap("t1.tap"), tap("t2.tap")};
        assertThat(CliRun.of("create", "--tape-devices", String.join(",", second), "--block-size", "16KiB",
                data.toString()).exitCode()).isZero();

        CliRun mixed = CliRun.of("list", "--tape-devices", first[0] + "," + second[1]);
        assertThat(mixed.exitCode()).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(mixed.err()).contains("the tapes are from different sets");

        CliRun tooFew = CliRun.of("list", "--tape-devices", first[1]);
        assertThat(tooFew.exitCode()).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(tooFew.err()).contains("only 1 of the 3 tapes of set").contains("any 2 of them are needed");

        CliRun both = CliRun.of("list", "-i", "x", "--tape-devices", first[0]);
        assertThat(both.exitCode()).isEqualTo(ExitStatus.USAGE.code());
        CliRun blockWithoutTapes = CliRun.of("create", "-o", tmp.resolve("z").toString(), "--block-size", "64KiB",
                data.toString());
        assertThat(blockWithoutTapes.exitCode()).isEqualTo(ExitStatus.USAGE.code());
        assertThat(blockWithoutTapes.err()).contains("--block-size only applies with --tape-devices");
    }
}
