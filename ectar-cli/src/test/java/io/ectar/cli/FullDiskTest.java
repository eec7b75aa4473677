package io.ectar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extraction onto a full disk, at every fill level: out of blocks in each file (first, middle, last), out of
 * inodes at each entry (directory, file, symbolic link). Each run fails with exit code 1 and one line that
 * names the entry being written and says "no space left on device" (before: only "No space left on device",
 * or the name of a temporary file); what was written before it is complete, nothing half-written nor any
 * temporary file is left; with room enough the same extract succeeds.
 *
 * <p>The disks are tmpfs mounts of a chosen size and inode count in a private mount namespace
 * ({@code unshare}: no root needed where user namespaces are allowed; as root without them, a mount
 * namespace alone), all in one child JVM; the outputs are copied out before the namespace goes away.
 */
class FullDiskTest {

    private static final int PAGE = 4096;

    /** The tree, in archive order, and what each file holds. */
    private static final List<String> ENTRIES = List.of("data", "data/a.bin", "data/l", "data/sub", "data/sub/b.bin",
            "data/sub/c.txt");

    @TempDir
    Path tmp;

    /** A disk: its size in pages and its number of inodes (the root directory takes one). */
    private record Disk(int pages, int inodes) {
        String options() {
            return "size=" + (long) pages * PAGE + ",nr_inodes=" + inodes;
        }
    }

    @Test
    void extractOntoAFullDiskFailsNamingTheEntryAtEveryFillLevel() throws Exception {
        String unshare = unshareCommand();
        assumeTrue(unshare != null, "needs unshare(1) able to mount a tmpfs in a private mount namespace");
        Map<String, byte[]> contents = new LinkedHashMap<>();
        Random random = new Random(12);
        Path data = Files.createDirectories(tmp.resolve("src/data/sub"));
        contents.put("data/a.bin", bytes(random, 300_000)); // 74 pages
        contents.put("data/sub/b.bin", bytes(random, 50_000)); // 13 pages
        contents.put("data/sub/c.txt", "c\n".getBytes(StandardCharsets.UTF_8)); // 1 page
        for (Map.Entry<String, byte[]> f : contents.entrySet()) {
            Files.write(tmp.resolve("src").resolve(f.getKey()), f.getValue());
        }
        Files.createSymbolicLink(tmp.resolve("src/data/l"), Path.of("a.bin"));
        Path archive = Files.createDirectories(tmp.resolve("archive")).resolve("bk");
        CliRun created = CliRun.of("create", "-o", archive.toString(), "--data-shards", "2", "--parity-shards", "1",
                data.getParent().toString());
        assertThat(created.exitCode()).as(created.err()).isZero();

        // blocks run out in a.bin (at its start, middle, end), in b.bin, in c.txt; inodes run out at each entry
        // (the root takes one, out another); then room enough for all
        List<Disk> disks = new ArrayList<>(List.of(new Disk(1, 100), new Disk(37, 100), new Disk(73, 100),
                new Disk(74, 100), new Disk(80, 100), new Disk(87, 100)));
        for (int inodes = 1; inodes <= 7; inodes++) {
            disks.add(new Disk(200, inodes));
        }
        disks.add(new Disk(200, 100));
        StringBuilder script = new StringBuilder("set -e\n");
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < disks.size(); i++) {
            Path mount = Files.createDirectories(tmp.resolve("disk" + i));
            script.append("mount -t tmpfs -o ").append(disks.get(i).options()).append(" none ").append(mount)
                    .append('\n');
            outputs.add(mount.resolve("out").toString());
        }
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        script.append("'").append(Path.of(System.getProperty("java.home"), "bin", "java")).append("' -cp '")
                .append(classpath).append("' ").append(FullDiskMain.class.getName()).append(' ').append(archive);
        outputs.forEach(o -> script.append(' ').append(o));
        script.append("\nfor i in $(seq 0 ").append(disks.size() - 1).append("); do cp -a ").append(tmp)
                .append("/disk$i ").append(tmp).append("/after$i; done\n");
        List<String> command = new ArrayList<>(List.of(unshare.split(" ")));
        command.addAll(List.of("sh", "-c", script.toString()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor()).as("%s", lines).isZero();
        assertThat(lines).hasSize(disks.size());

        for (int i = 0; i < disks.size(); i++) {
            String[] run = lines.get(i).split("\t", 3);
            Path out = tmp.resolve("after" + i + "/out");
            String what = disks.get(i) + ": " + lines.get(i);
            if (i == disks.size() - 1) {
                assertThat(run[1]).as(what).isEqualTo("0");
                for (Map.Entry<String, byte[]> f : contents.entrySet()) {
                    assertThat(out.resolve(f.getKey())).as(what).hasBinaryContent(f.getValue());
                }
                continue;
            }
            assertThat(run[1]).as(what).isEqualTo("1");
            assertThat(run[2]).as(what).matches("ectar extract: " + java.util.regex.Pattern.quote(
                    run[0]) + "(/data(/[a-z.]+)*)?: no space left on device; what was extracted before it stays:"
                    + " free some space, then extract again with --force");
            String failed = run[2].substring(("ectar extract: " + run[0]).length(), run[2].indexOf(": no space"));
            String entry = failed.isEmpty() ? "" : failed.substring(1);
            assertThat(entry.isEmpty() || ENTRIES.contains(entry)).as(what).isTrue();
            // every entry before the one named is there, whole; the one named and those after it are not
            int at = entry.isEmpty() ? -1 : ENTRIES.indexOf(entry);
            for (int e = 0; e < ENTRIES.size(); e++) {
                String name = ENTRIES.get(e);
                boolean there = Files.exists(out.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (e < at) {
                    assertThat(there).as("%s: %s is extracted", what, name).isTrue();
                    if (contents.containsKey(name)) {
                        assertThat(out.resolve(name)).as(what).hasBinaryContent(contents.get(name));
                    }
                } else if (e > at || contents.containsKey(name) || name.equals("data/l")) {
                    assertThat(there).as("%s: %s is not extracted", what, name).isFalse();
                }
            }
            assertThat(temporaryFiles(tmp.resolve("after" + i))).as(what).isEmpty();
        }
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static List<Path> temporaryFiles(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(f -> f.getFileName().toString().startsWith(".ectar-tmp-")).toList();
        }
    }

    /** The unshare command line that can mount a tmpfs here, or null. */
    private String unshareCommand() throws IOException, InterruptedException {
        for (String candidate : List.of("unshare -rm", "unshare -m")) {
            Path probe = Files.createDirectories(tmp.resolve("probe"));
            List<String> command = new ArrayList<>(List.of(candidate.split(" ")));
            command.addAll(List.of("sh", "-c", "mount -t tmpfs -o size=4096 none " + probe));
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor() == 0) {
                    return candidate;
                }
            } catch (IOException noUnshare) {
                return null;
            }
        }
        return null;
    }
}
