package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's training run ({@code ./shadowcat} records its class-data-sharing archive with it) succeeds and
 * cleans up after itself. In a child JVM, as the launcher runs it: its {@code record} reads the real stdin,
 * which is empty there ({@code /dev/null}) and belongs to the test framework here.
 */
class CdsTrainingTest {

    @TempDir
    Path tmp;

    @Test
    void theTrainingRunsEveryCommandAndLeavesNothingBehind() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), CdsTraining.class.getName()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.filter(f -> f.getFileName().toString().startsWith("shadowcat-cds-training-")))
                    .as("the training's temporary store is deleted").isEmpty();
        }
    }
}
