package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a short run loads (issue 18): {@code Main} in a JVM of its own that logs every class it loads
 * ({@code -Xlog:class+load}), as {@code ./shadowcat} runs it. Only the commands on the invoked path are built
 * ({@link CommandPath}), so no other command's class is even loaded; {@code --version} touches no storage
 * provider and no recording or replay code.
 */
class StartupClassLoadingTest {

    /** Code no {@code --version} and no {@code tape list} needs. */
    private static final List<String> RECORDING_AND_REPLAY = List.of("io.shadowcat.recorder.", "io.shadowcat.replay.",
            "io.shadowcat.http.");
    private static final List<String> PROVIDERS = List.of("io.shadowcat.storage.filesystem.", "io.shadowcat.sqlite.",
            "io.shadowcat.redis.", "io.shadowcat.postgres.", "io.shadowcat.s3.", "io.shadowcat.storage.memory.");

    @TempDir
    Path tmp;

    @Test
    void versionBuildsNoSubcommandAndTouchesNoProvider() throws Exception {
        Run run = shadowcat("--version");

        assertThat(run.output()).matches("shadowcat \\d+\\.\\d+\\.\\d+.*\\R");
        assertThat(run.commands()).containsExactly("ShadowcatCommand");
        assertThat(run.loadedFrom(PROVIDERS)).isEmpty();
        assertThat(run.loadedFrom(RECORDING_AND_REPLAY)).isEmpty();
    }

    @Test
    void tapeListBuildsOnlyTapeAndList() throws Exception {
        String storage = "filesystem:path=" + tmp.resolve("tapes");
        shadowcat("--storage", storage, "record", "--tape-id", "startup-1", "--", "true");

        Run run = shadowcat("--storage", storage, "tape", "list");

        assertThat(run.output()).contains("startup-1");
        assertThat(run.commands()).containsExactlyInAnyOrder("ShadowcatCommand", "TapeCommand", "TapeListCommand");
        assertThat(run.loadedFrom(RECORDING_AND_REPLAY)).isEmpty();
        assertThat(run.loaded()).as("the store's own provider is used").contains(
                "io.shadowcat.storage.filesystem.FilesystemBackend");
    }

    @Test
    void recordBuildsOnlyRecord() throws Exception {
        String storage = "filesystem:path=" + tmp.resolve("tapes");

        Run run = shadowcat("--storage", storage, "record", "--tape-id", "startup-2", "--", "true");

        assertThat(run.output()).contains("startup-2");
        assertThat(run.commands()).containsExactlyInAnyOrder("ShadowcatCommand", "RecordCommand");
        assertThat(run.loadedFrom(List.of("io.shadowcat.replay.", "io.shadowcat.http."))).isEmpty();
    }

    @Test
    void helpStillBuildsEveryCommand() throws Exception {
        Run run = shadowcat("--help");

        assertThat(run.output()).contains("record", "replay", "tape", "providers", "audit");
        assertThat(run.commands()).contains("RecordCommand", "ReplayCommand", "TapeCommand", "TapeListCommand",
                "TapeExportAgeCommand", "ProvidersCommand", "AuditCommand");
    }

    /** One run: its stdout and stderr, and the names of the classes its JVM loaded. */
    private record Run(String output, Set<String> loaded) {

        /** The simple names of the {@code io.shadowcat.cli} command classes loaded (nested ones included). */
        Set<String> commands() {
            return loaded.stream().filter(c -> c.startsWith("io.shadowcat.cli.") && !c.contains("$$Lambda"))
                    .map(c -> c.substring("io.shadowcat.cli.".length()))
                    .filter(c -> c.endsWith("Command") || c.startsWith("ProvidersCommand$")
                            || c.startsWith("AuditCommand$"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        Set<String> loadedFrom(List<String> packages) {
            return loaded.stream().filter(c -> packages.stream().anyMatch(c::startsWith))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private Run shadowcat(String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(tmp, "classes-", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:disable", "-Xlog:class+load=info:file=" + log + ":none",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("shadowcat %s: %s", String.join(" ", args), output).isZero();
        Set<String> loaded = new TreeSet<>();
        for (String line : Files.readAllLines(log)) {
            int space = line.indexOf(' ');
            if (space > 0) {
                loaded.add(line.substring(0, space));
            }
        }
        assertThat(loaded).as("the class-load log of shadowcat %s", String.join(" ", args))
                .contains("io.shadowcat.cli.Main");
        return new Run(output, loaded);
    }
}
