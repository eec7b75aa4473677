package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Files whose modification times the JDK cannot set or read back exactly: before 1970, after 2262, with
 * nanoseconds, on a symbolic link. Set with coreutils' {@code touch -h -d @SECONDS.NANOS} and read with
 * {@code stat -c %.9Y}, so that neither side goes through the code under test.
 */
final class TimedTree {

    /** Entry name to the time {@code touch -d} is given (decimal seconds since 1970, negative before). */
    static final Map<String, String> TIMES = Map.of(
            "1906.txt", "-2000000000.123456789",
            "1960.txt", "-315619200",
            "1970.txt", "0",
            "2017-ns.txt", "1500000000.123456789",
            "2300.txt", "10413792000",
            "2300-ns.txt", "10413792000.123456789",
            "link-ns", "1500000000.987654321",
            "dir-ns", "1234567890.000000001",
            "dir-ns/1960-ns.txt", "-315619199.999999999");

    private TimedTree() {
    }

    /** Creates the tree under {@code root} (which must not exist). */
    static Path create(Path root) throws IOException, InterruptedException {
        Files.createDirectories(root.resolve("dir-ns"));
        for (String name : TIMES.keySet()) {
            if (name.endsWith(".txt")) {
                Files.writeString(root.resolve(name), name);
            }
        }
        Files.createSymbolicLink(root.resolve("link-ns"), Path.of("2017-ns.txt"));
        for (Map.Entry<String, String> t : TIMES.entrySet()) {
            run(root, "touch", "-h", "-d", "@" + t.getValue(), t.getKey());
        }
        return root;
    }

    /** Each entry's modification time as {@code stat -c %.9Y} gives it (a symbolic link's own). */
    static Map<String, String> times(Path root) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("stat", "-c", "%n %.9Y"));
        command.addAll(new TreeMap<>(TIMES).keySet());
        Map<String, String> times = new TreeMap<>();
        for (String line : run(root, command.toArray(String[]::new)).split("\n")) {
            int space = line.lastIndexOf(' ');
            times.put(line.substring(0, space), line.substring(space + 1));
        }
        return times;
    }

    /** What {@link #times} gives for the tree as created: each {@link #TIMES} value with nine digits. */
    static Map<String, String> expected() {
        Map<String, String> times = new TreeMap<>();
        TIMES.forEach((name, t) -> times.put(name, t.contains(".") ? t : t + ".000000000"));
        return times;
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
        return out;
    }
}
