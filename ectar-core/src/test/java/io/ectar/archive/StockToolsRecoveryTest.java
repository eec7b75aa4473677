package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.format.ArchiveIndex;
import io.ectar.format.IndexJson;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The promise of the format: with every ectar gone, the recipe in BASE.RECOVERY.txt (zunfec from Debian's
 * python3-zfec, zstd and GNU tar) restores the files from any k shards of each chunk. The recipe's own
 * command lines are run, from the recovery text itself.
 */
class StockToolsRecoveryTest {

    private static final String[] PYUTIL = {"__init__.py", "fileutil.py", "mathutil.py"};

    @TempDir
    Path tmp;

    /** A {@code zunfec} command: Debian's python3-zfec has the module but not the script. */
    static Path installZunfec(Path tmp) throws Exception {
        Path py = tmp.resolve("py/pyutil");
        Files.createDirectories(py);
        for (String name : PYUTIL) {
            try (InputStream in = StockToolsRecoveryTest.class.getResourceAsStream("/io/ectar/codec/python/pyutil/" + name)) {
                assertThat(in).as("pyutil stand-in %s", name).isNotNull();
                Files.copy(in, py.resolve(name));
            }
        }
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path zunfec = bin.resolve("zunfec");
        Files.writeString(zunfec, "#!/bin/sh\nPYTHONPATH='" + tmp.resolve("py") + "' exec /usr/bin/python3 -c"
                + " 'import sys; from zfec.cmdline_zunfec import main; sys.exit(main())' \"$@\"\n");
        Files.setPosixFilePermissions(zunfec, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    static String bash(Path dir, Path bin, String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-euo", "pipefail", "-c", script).directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s\n%s", script, output).isZero();
        return output;
    }

    /** The recipe's command lines: the step-2 loop and the step-3 pipeline. */
    static String recipe(String recovery) {
        List<String> lines = recovery.lines().toList();
        int loop = lines.indexOf(lines.stream().filter(l -> l.strip().startsWith("for c in")).findFirst().orElseThrow());
        List<String> script = new ArrayList<>(lines.subList(loop, loop + 3));
        script.add(lines.stream().filter(l -> l.contains("| tar -xf -")).findFirst().orElseThrow());
        return String.join("\n", script.stream().map(String::strip).toList());
    }

    /**
     * Format version 2 payloads start with a zstd skippable frame (the chunk header), and uncompressed ones
     * are raw zstd frames: stock zstd must read both.
     */
    @ParameterizedTest(name = "seed {0}, compression level {1}")
    @CsvSource({"11, 3", "12, 3", "13, 0"})
    void recipeRestoresTheTreeFromRandomKSubsets(long seed, int level) throws Exception {
        Path source = TrickyTree.create(tmp.resolve("src/data"), 150_000, seed);
        Path work = tmp.resolve("work");
        Archives.create(work, CreateOptions.defaults().withShards(3, 2).withChunkSize(3 * 4096 * 8)
                .withCompressionLevel(level), source);
        Random random = new Random(seed);
        int chunks = Archives.chunkCount(work);
        assertThat(chunks).isGreaterThan(3);
        for (int c = 1; c <= chunks; c++) {
            List<Integer> shards = new ArrayList<>(List.of(0, 1, 2, 3, 4));
            Collections.shuffle(shards, random);
            for (int s : shards.subList(0, 2)) {
                Files.delete(Archives.shard(work, c, s));
            }
        }
        Path bin = installZunfec(tmp);
        String recovery = Files.readString(work.resolve(Archives.BASE + ".RECOVERY.txt"));

        String check = bash(work, bin, "grep -E '^[0-9a-f]{64}  ' " + Archives.BASE + ".RECOVERY.txt"
                + " | sha256sum -c --ignore-missing");
        assertThat(check).contains(": OK").doesNotContain("FAILED");

        bash(work, bin, recipe(recovery));
        TrickyTree.assertSame(source, work.resolve("data"));
        assertThat(Files.getAttribute(work.resolve("data/hard-a"), "unix:ino"))
                .isEqualTo(Files.getAttribute(work.resolve("data/hard-b"), "unix:ino"));
    }

    /**
     * The tar stream carries each time exactly (pax mtime with nine digits, negative before 1970), so GNU tar
     * restores 1906, 2300 and nanoseconds as they were; commons-compress alone cut the fraction to 100 ns.
     */
    @Test
    void recipeRestoresExactModificationTimes() throws Exception {
        Path source = TimedTree.create(tmp.resolve("src/data"));
        Path work = tmp.resolve("work");
        Archives.create(work, CreateOptions.defaults().withShards(2, 1), source);
        Path bin = installZunfec(tmp);
        bash(work, bin, recipe(Files.readString(work.resolve(Archives.BASE + ".RECOVERY.txt"))));
        assertThat(TimedTree.times(work.resolve("data"))).isEqualTo(TimedTree.expected());
    }

    @Test
    void indexShardsRebuildTheIndexWithZunfecAndZstd() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("src/data"));
        Files.writeString(source.resolve("a"), "a");
        Path work = tmp.resolve("work");
        Archives.create(work, CreateOptions.defaults().withShards(3, 2), source);
        Archives.deleteIndex(work, false);
        Files.delete(work.resolve(Archives.BASE + ".index.s00"));
        Files.delete(work.resolve(Archives.BASE + ".index.s03"));
        bash(work, installZunfec(tmp), "zunfec -o rebuilt.index.zst " + Archives.BASE + ".index.s*"
                + " && zstd -q -d rebuilt.index.zst -o rebuilt.index.json");
        ArchiveIndex index;
        try (InputStream in = Files.newInputStream(work.resolve("rebuilt.index.json"))) {
            index = IndexJson.read(in);
        }
        assertThat(index.entries()).extracting(io.ectar.format.IndexEntry::path).containsExactly("data", "data/a");
        assertThat(index.parameters().dataShards()).isEqualTo(3);
    }
}
