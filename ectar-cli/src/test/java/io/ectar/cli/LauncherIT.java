package io.ectar.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ectar} as users run it (the jar was built by {@code package}): arguments, output and exit codes
 * pass through; the JVM flags apply; the start-up archive is recorded once per build, replaced when stale,
 * shared safely by launchers that start together, and never makes a run fail or print anything.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("..", "ectar").toAbsolutePath().normalize();
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path JAR = TARGET.resolve("ectar.jar");

    @TempDir
    Path tmp;

    /** Archives of earlier builds or other JDKs would make the counts below wrong. */
    @BeforeAll
    static void noArchiveYet() throws IOException {
        deleteCdsFiles();
    }

    private record Run(int exitCode, String out, String err) {
    }

    /** One started launcher; its output goes to files so that several can run at once. */
    private record Started(Process process, Path out, Path err) {
        Run await() throws Exception {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
            return new Run(process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
        }
    }

    private Started start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("ECTAR_CODEC");
        builder.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        return new Started(p, out, err);
    }

    private Run ectar(String javaOpts, String... args) throws Exception {
        return start(javaOpts == null ? Map.of() : Map.of("JAVA_OPTS", javaOpts), args).await();
    }

    /** The start-up archives, failure markers and temporary files next to the jar. */
    private static List<Path> cdsFiles() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            return files.filter(f -> f.getFileName().toString().matches("ectar-jdk\\d+\\.jsa.*")).sorted().toList();
        }
    }

    private static Path archive() throws IOException {
        List<Path> files = cdsFiles();
        assertThat(files).as("exactly one archive and nothing else").hasSize(1);
        assertThat(files.get(0).getFileName().toString()).endsWith(".jsa");
        return files.get(0);
    }

    private static void deleteCdsFiles() throws IOException {
        for (Path f : cdsFiles()) {
            Files.delete(f);
        }
    }

    private static void assertVersionRun(Run run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).matches("ectar \\d+\\.\\d+\\.\\d+.*\\R");
        assertThat(run.err()).as("nothing on stderr: no build, no CDS warning").isEmpty();
    }

    @Test
    void theFirstRunRecordsTheArchiveAndLaterRunsStartFromIt() throws Exception {
        deleteCdsFiles();
        assertVersionRun(ectar(null, "--version"));
        Path archive = archive();
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(Files.getLastModifiedTime(JAR));

        Path classes = tmp.resolve("classes.txt");
        Run run = ectar("-Xlog:class+load=info:file=" + classes, "--version");
        assertVersionRun(run);
        // (classes that implement picocli interfaces cannot be archived: picocli is compiled for Java 5)
        for (String name : List.of("io.ectar.cli.Main", "io.ectar.cli.EctarCommand")) {
            assertThat(Files.readAllLines(classes)).as(name).filteredOn(l -> l.contains(" " + name + " "))
                    .singleElement().asString().contains("source: shared objects file (top)");
        }
        assertThat(archive()).isEqualTo(archive);
    }

    @Test
    void argumentsOutputAndExitCodesPassThrough() throws Exception {
        Run missing = ectar(null, "list", "-i", tmp.resolve("no such archive").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).startsWith("ectar list: ").contains("no such archive").doesNotContain("\tat ")
                .hasLineCount(1);

        Run usage = ectar(null, "--no-such-option");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("--no-such-option");

        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("a b.txt"), "alpha\n");
        String base = tmp.resolve("out").toString();
        Run create = ectar(null, "create", "-o", base, "--data-shards", "2", "--parity-shards", "1", data.toString());
        assertThat(create.exitCode()).as(create.err()).isZero();
        Run list = ectar(null, "list", "-i", base);
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).isEqualTo("data\ndata/a b.txt\n");

        // --verbose turns debug logging on, whatever loggers picocli and the warm-up made before
        Files.delete(Path.of(base + ".index.zst"));
        Run verbose = ectar(null, "list", "--verbose", "-i", base);
        assertThat(verbose.exitCode()).isZero();
        assertThat(verbose.out()).isEqualTo(list.out());
        assertThat(verbose.err()).contains("[DEBUG] index rebuilt from shards");
        Run quiet = ectar(null, "list", "-i", base);
        assertThat(quiet.err()).contains("[WARN]").doesNotContain("DEBUG");
    }

    @Test
    void theFlagsApplyAndACollectorChosenInJavaOptsWins() throws Exception {
        Run flags = ectar("-XX:+PrintFlagsFinal", "--version");
        assertThat(flags.exitCode()).isZero();
        assertThat(flags.out()).containsPattern("bool UseSerialGC +=  ?true")
                .containsPattern("size_t PretenureSizeThreshold += 262144 ")
                .containsPattern("intx Tier3InvocationThreshold += 2000 ")
                .containsPattern("size_t InitialHeapSize += 8388608 ")
                .containsPattern("size_t MaxNewSize += 8388608 ")
                .containsPattern("uintx MaxHeapFreeRatio += 40 ");

        Run parallel = ectar("-XX:+UseParallelGC -XX:+PrintFlagsFinal", "--version");
        assertThat(parallel.exitCode()).as(parallel.err()).isZero();
        assertThat(parallel.out()).containsPattern("bool UseParallelGC +=  ?true")
                .containsPattern("bool UseSerialGC +=  ?false");
    }

    @Test
    void aStaleArchiveIsReplacedAndOneTheJvmRejectsIsIgnoredSilently() throws Exception {
        assertVersionRun(ectar(null, "--version"));
        Path archive = archive();

        // a newer jar (a build outside the launcher): the archive is recorded again
        Instant rebuilt = Instant.now();
        Files.setLastModifiedTime(JAR, FileTime.from(rebuilt));
        assertVersionRun(ectar(null, "--version"));
        FileTime recorded = Files.getLastModifiedTime(archive());
        assertThat(recorded).isGreaterThan(Files.getLastModifiedTime(JAR));

        // an archive that looks current to the launcher but not to the JVM, which checks the jar's time
        Files.setLastModifiedTime(JAR, FileTime.from(rebuilt.plusMillis(1)));
        assertVersionRun(ectar(null, "--version"));
        assertThat(Files.getLastModifiedTime(archive())).as("not recorded again").isEqualTo(recorded);

        // a failed training is not retried for this jar, and the run goes on without an archive
        deleteCdsFiles();
        Files.writeString(TARGET.resolve(archive.getFileName() + ".failed"), "");
        assertVersionRun(ectar(null, "--version"));
        assertThat(cdsFiles()).extracting(f -> f.getFileName().toString())
                .containsExactly(archive.getFileName() + ".failed");

        // the next build (a newer jar) tries again
        Files.setLastModifiedTime(JAR, FileTime.from(Instant.now()));
        assertVersionRun(ectar(null, "--version"));
        assertThat(archive()).isEqualTo(archive);
    }

    @Test
    void aCodecOverrideInTheEnvironmentDoesNotSpoilTheRecording() throws Exception {
        deleteCdsFiles();
        assertVersionRun(start(Map.of("ECTAR_CODEC", "no-such-engine"), "--version").await());
        archive();
    }

    @Test
    void launchersStartingTogetherAllRunAndLeaveOneArchive() throws Exception {
        deleteCdsFiles();
        List<Started> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            started.add(start(Map.of(), "--version"));
        }
        for (Started s : started) {
            assertVersionRun(s.await());
        }
        archive();
        assertVersionRun(ectar(null, "--version"));
    }
}
