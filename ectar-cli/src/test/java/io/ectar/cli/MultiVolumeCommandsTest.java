package io.ectar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code create/info/locate/extract} on sets spanning cartridges: the emulated library ({@code --changer
 * sim:DIR}), a changer driven through a stand-in {@code mtx} script, and {@code --next-volume-command}.
 */
class MultiVolumeCommandsTest {

    @TempDir
    Path tmp;

    private Path data() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Random random = new Random(9);
        for (int i = 0; i < 4; i++) {
            byte[] bytes = new byte[700_000];
            random.nextBytes(bytes);
            Files.write(data.resolve("f" + i + ".bin"), bytes);
        }
        Files.writeString(data.resolve("notes.txt"), "spanning\n");
        return data;
    }

    private Path library(String name, int slots) throws Exception {
        Path lib = Files.createDirectories(tmp.resolve(name));
        for (int s = 1; s <= slots; s++) {
            Files.createFile(lib.resolve(String.format("slot-%03d.tap", s)));
            Files.writeString(lib.resolve(String.format("slot-%03d.barcode", s)), String.format("ECT%03dL9", s));
        }
        return lib;
    }

    private String drives(int n) {
        List<String> d = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            d.add(tmp.resolve("drive-" + i + ".tap").toString());
        }
        return String.join(",", d);
    }

    private static final String[] SMALL_CARTRIDGES = {"--tape-image-capacity", "400000",
            "--tape-image-early-warning", "330000", "--block-size", "16384", "--chunk-size", "64KiB"};

    @Test
    void theEmulatedLibraryWorkedExample() throws Exception {
        Path data = data();
        Path lib = library("lib", 30);
        Files.createDirectories(tmp.resolve("out"));
        Files.setPosixFilePermissions(lib.resolve("slot-002.tap"), PosixFilePermissions.fromString("r--r--r--"));
        List<String> args = new ArrayList<>(List.of("create", "--tape-devices", drives(3), "--changer", "sim:" + lib,
                "--slots", "1-30", "-o", tmp.resolve("out/backup").toString()));
        args.addAll(List.of(SMALL_CARTRIDGES));
        args.add(data.toString());
        CliRun created = CliRun.of(args.toArray(String[]::new));
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.err()).contains("passed over a cartridge: refused slot 2", "write-protected");
        assertThat(tmp.resolve("out/backup.tape-catalog")).exists();

        CliRun info = CliRun.of("info", "-i", tmp.resolve("out/backup").toString());
        assertThat(info.out()).contains("tape set:", "tape 2 volume 3 (slot ", "trailer and catalog");
        CliRun json = CliRun.of("info", "--format", "json", "-i", tmp.resolve("out/backup").toString());
        assertThat(json.out()).contains("\"tape_set\"", "\"volumes\"", "\"volume\" : 3");

        CliRun locate = CliRun.of("locate", "-i", tmp.resolve("out/backup").toString(), "data/f3.bin");
        assertThat(locate.exitCode()).as(locate.err()).isZero();
        assertThat(locate.out()).contains("1 entry in", "cartridge(s) of set", "from tapes [");

        CliRun extract = CliRun.of("extract", "--tape-devices", drives(3), "--changer", "sim:" + lib, "-o",
                tmp.resolve("restored").toString());
        assertThat(extract.exitCode()).as(extract.err()).isZero();
        assertThat(TapeCommandsTest.hashes(tmp.resolve("restored/data"))).isEqualTo(TapeCommandsTest.hashes(data));
    }

    @Test
    void aChangerDrivenThroughMtxThatFailsToLoadOneSlot() throws Exception {
        Path data = data();
        Path lib = library("mtxlib", 20);
        Files.writeString(lib.resolve("slots"), "20\n");
        Files.writeString(lib.resolve("drives"), drives(2).replace(',', '\n') + "\n");
        Files.createFile(lib.resolve("slot-003.jammed"));
        Path mtx = tmp.resolve("mtx");
        try (InputStream in = getClass().getResourceAsStream("/mtx-standin.sh")) {
            Files.write(mtx, in.readAllBytes());
        }
        Files.setPosixFilePermissions(mtx, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> args = new ArrayList<>(List.of("create", "--tape-devices", drives(2), "--changer", lib.toString(),
                "--mtx", mtx.toString(), "--data-shards", "1", "--parity-shards", "1", "--verify"));
        args.addAll(List.of(SMALL_CARTRIDGES));
        args.add(data.toString());
        CliRun created = CliRun.of(args.toArray(String[]::new));
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.err()).contains("loading slot 3 into drive", "MOVE MEDIUM from Element Address 3");

        CliRun info = CliRun.of("info", "--tape-devices", drives(2), "--changer", lib.toString(), "--mtx",
                mtx.toString());
        assertThat(info.out()).contains("tape 1 volume 2 (slot ", "barcode ECT0");
    }

    @Test
    void theOperatorsCommandChangesCartridges() throws Exception {
        Path data = data();
        Path spares = Files.createDirectories(tmp.resolve("spares"));
        // The operator's script files the full image away and puts a blank one in the drive.
        String command = "mv \"$ECTAR_DEVICE\" " + spares + "/tape$ECTAR_TAPE-vol$((ECTAR_VOLUME - 1)).tap"
                + " && : > \"$ECTAR_DEVICE\"";
        List<String> args = new ArrayList<>(List.of("create", "--tape-devices", drives(2), "--next-volume-command",
                command, "--data-shards", "1", "--parity-shards", "1"));
        args.addAll(List.of(SMALL_CARTRIDGES));
        args.add(data.toString());
        CliRun created = CliRun.of(args.toArray(String[]::new));
        assertThat(created.exitCode()).as(created.err()).isZero();
        List<String> volumes = new ArrayList<>();
        try (var files = Files.list(spares)) {
            files.forEach(p -> volumes.add(p.toString()));
        }
        assertThat(volumes).hasSizeGreaterThanOrEqualTo(4);
        // Every volume of tape 1 given by hand, in any order, restores the whole archive.
        List<String> tape1 = new ArrayList<>(volumes.stream().filter(v -> v.contains("tape1-")).toList());
        tape1.add(0, tmp.resolve("drive-1.tap").toString());
        CliRun extract = CliRun.of("extract", "--tape-devices", String.join(",", tape1), "-o",
                tmp.resolve("restored").toString());
        assertThat(extract.exitCode()).as(extract.err()).isZero();
        assertThat(TapeCommandsTest.hashes(tmp.resolve("restored/data"))).isEqualTo(TapeCommandsTest.hashes(data));
    }
}
