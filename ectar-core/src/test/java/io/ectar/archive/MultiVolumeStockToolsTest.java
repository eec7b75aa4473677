package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.tape.BlockMode;
import io.ectar.tape.RaitShardWriter;
import io.ectar.tape.TapeDirectory;
import io.ectar.tape.TapeLabel;
import io.ectar.tape.TapeShardSink;
import io.ectar.tape.changer.Cartridge;
import io.ectar.tape.changer.CartridgeCheck;
import io.ectar.tape.changer.SimLibrary;
import io.ectar.tape.device.SimhTapeImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-volume stock-tool recipe (docs/ectar-format.md section 11, and the recovery text's FROM TAPES):
 * with no ectar at all, the cartridges of any k tapes, in any order, give up their shard files by their
 * labels' first_chunk (read with the format document's own SIMH reader), and the recovery text found on a
 * last volume restores the files with zunfec, zstd and tar.
 */
class MultiVolumeStockToolsTest {

    @TempDir
    Path tmp;

    @Test
    void theCartridgesOfAnyTwoTapesRestoreWithStockTools() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/data"));
        Random random = new Random(21);
        for (int i = 0; i < 5; i++) {
            byte[] bytes = new byte[400_000 + random.nextInt(200_000)];
            random.nextBytes(bytes);
            Files.write(src.resolve("f" + i + ".bin"), bytes);
        }
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        for (int s = 1; s <= 20; s++) {
            Files.createFile(lib.resolve(String.format("slot-%03d.tap", s)));
        }
        List<Path> drives = List.of(tmp.resolve("d0.tap"), tmp.resolve("d1.tap"), tmp.resolve("d2.tap"));
        SimLibrary changer = new SimLibrary(lib, drives, null, new SimhTapeImage.Options(600_000, 500_000, 0));
        TapeLabel label = new TapeLabel("0f0e0d0c-0000-4000-8000-00000000bb01", 0, 2, 1, 16 * 1024,
                BlockMode.VARIABLE, "ectar-test", "2026-12-03T00:00:00Z", "backup");
        List<Cartridge> first = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            first.add(CartridgeCheck.loadForWriting(changer, d, 1, label.setId(), new ArrayList<>()));
        }
        TapeDirectory directory;
        try (TapeShardSink sink = new TapeShardSink(RaitShardWriter.start(first, label, false, 8, changer),
                first.stream().map(Cartridge::device).toList(), null)) {
            new ArchiveCreator(CreateOptions.defaults().withShards(2, 1).withChunkSize(64 << 10), Progress.NONE)
                    .create(List.of(src), "backup", sink);
            directory = sink.directory();
        }
        List<String> images = new ArrayList<>();
        for (int tape : List.of(0, 2)) {
            assertThat(directory.volumesOf(tape)).hasSizeGreaterThanOrEqualTo(3);
            for (TapeDirectory.Volume v : directory.volumesOf(tape)) {
                images.add(lib.resolve(String.format("slot-%03d.tap", Integer.parseInt(v.slot()))).toString());
            }
        }
        Collections.shuffle(images, new Random(4));
        Path work = Files.createDirectories(tmp.resolve("work"));
        try (InputStream in = getClass().getResourceAsStream("/io/ectar/tape/tape_file.py")) {
            Files.write(work.resolve("tape_file.py"), in.readAllBytes());
        }
        Path bin = StockToolsRecoveryTest.installZunfec(tmp);
        // What an operator does by hand: find the recovery text (on a last volume), then file every chunk shard
        // under its name by the cartridge's label.
        String field = "grep -o \"\\\"$2\\\" : [0-9]*\" \"$1\" | grep -o '[0-9]*$'";
        StockToolsRecoveryTest.bash(work, bin, String.join("\n",
                "field() { " + field + "; }",
                "for img in " + String.join(" ", images) + "; do",
                "  f=1",
                "  while python3 tape_file.py $img $f > file && [ -s file ]; do",
                "    if head -c 14 file | grep -q '^ECTAR ARCHIVE '; then cp file backup.RECOVERY.txt; fi",
                "    f=$((f + 1))",
                "  done",
                "done",
                "chunks=$(grep -o 'cut into [0-9]* chunk' backup.RECOVERY.txt | grep -o '[0-9]*')",
                "for img in " + String.join(" ", images) + "; do",
                "  python3 tape_file.py $img 0 > label",
                "  tape=$(field label tape); first=$(field label first_chunk); f=1",
                "  while python3 tape_file.py $img $f > file && [ -s file ]; do",
                "    c=$((first + f - 1))",
                "    if [ $c -le $chunks ] && ! head -c 6 file | grep -q '^ECTAR '; then",
                "      mv file $(printf 'backup.c%03d.s%02d' $c $tape)",
                "    fi",
                "    f=$((f + 1))",
                "  done",
                "done"));
        String recovery = Files.readString(work.resolve("backup.RECOVERY.txt"));
        assertThat(recovery).contains("FROM TAPES", "largest first_chunk <= c");
        try (Stream<Path> shards = Files.list(work)) {
            assertThat(shards.filter(p -> p.getFileName().toString().matches("backup\\.c\\d{3}\\.s0[02]")).count())
                    .isEqualTo(2L * directory.chunks().size());
        }
        StockToolsRecoveryTest.bash(work, bin, StockToolsRecoveryTest.recipe(recovery));
        assertThat(hashes(work.resolve("data"))).isEqualTo(hashes(src));
    }

    private static Map<String, String> hashes(Path root) throws Exception {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                all.put(root.relativize(p).toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return all;
    }
}
