package io.shadowcat.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./shadowcat}'s start-up archive (README.md, "Shadowcat start-up"): a static one, recorded by the
 * first run after a build, from which later runs map picocli's classes too (a dynamic archive cannot hold
 * them: they are compiled for Java 5) as well as shadowcat's own.
 */
class StartupArchiveIT {

    private static final Path LAUNCHER = Path.of("..", "shadowcat").toAbsolutePath().normalize();
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    @TempDir
    Path tmp;

    private record Run(int exitCode, String out, String err) {
    }

    private Run shadowcat(String javaOpts, String... args) throws Exception {
        List<String> command = new ArrayList<>(Launchers.shadowcat(List.of(args)));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_OPTS");
        if (javaOpts != null) {
            builder.environment().put("JAVA_OPTS", javaOpts);
        }
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    }

    private static List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            return files.filter(f -> f.getFileName().toString().matches("shadowcat-jdk\\d+.*\\.jsa.*")).sorted().toList();
        }
    }

    @Test
    void theFirstRunRecordsAStaticArchiveThatHoldsPicocliToo() throws Exception {
        assertThat(LAUNCHER).isExecutable();
        for (Path f : archives()) {
            Files.delete(f);
        }
        Run first = shadowcat(null, "--version");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).matches("shadowcat \\d+\\.\\d+\\.\\d+.*\\R");
        assertThat(first.err()).as("nothing on stderr: no build, no CDS warning").isEmpty();
        List<Path> archives = archives();
        assertThat(archives).as("exactly one archive and nothing else").hasSize(1);
        assertThat(archives.get(0).getFileName().toString()).matches("shadowcat-jdk\\d+-static\\.jsa");
        assertThat(Files.getLastModifiedTime(archives.get(0)))
                .isGreaterThan(Files.getLastModifiedTime(TARGET.resolve("shadowcat.jar")));

        Path classes = tmp.resolve("classes.txt");
        Run run = shadowcat("-Xlog:class+load=info:file=" + classes, "--version");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        List<String> loaded = Files.readAllLines(classes);
        for (String name : List.of("picocli.CommandLine", "picocli.CommandLine$Model$CommandSpec",
                "io.shadowcat.cli.ShadowcatCommand", "io.shadowcat.cli.CommandPath")) {
            assertThat(loaded).as(name).filteredOn(l -> l.contains(" " + name + " ")).singleElement().asString()
                    .contains("source: shared objects file");
        }
        assertThat(archives()).isEqualTo(archives);
    }
}
