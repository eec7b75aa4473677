package io.ectar.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names under the locales of cron, systemd and CI ({@code LC_ALL=C}), through the real launcher and a
 * JVM started without it: non-ASCII names are archived and extracted exactly; names that are not valid UTF-8
 * are refused by name, with exit 1; a JVM that would mangle names refuses to run.
 */
@Timeout(300)
class FileNamesIT {

    private static final Path LAUNCHER = Path.of("..", "ectar").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target", "ectar.jar").toAbsolutePath();
    private static final String CAFE = "caf\u00e9_\u65e5\u672c\u8a9e_\ud83c\udf89.txt";
    private static final String JAPANESE_DIR = "\u65e5\u672c\u8a9e";

    @TempDir
    Path tmp;
    private Path data;

    private record Run(int exitCode, String out, String err) {
    }

    /** A tree with non-ASCII names and, made through sh since Java cannot name them, names that are not UTF-8. */
    @BeforeEach
    void tree() throws Exception {
        data = Files.createDirectories(tmp.resolve("d"));
        Files.writeString(data.resolve(CAFE), "caf\u00e9", UTF_8);
        Files.createDirectories(data.resolve(JAPANESE_DIR));
        Files.writeString(data.resolve(JAPANESE_DIR).resolve("inside.txt"), "inside", UTF_8);
        Files.writeString(data.resolve("clash-\uFFFD"), "the U+FFFD file", UTF_8);
        for (int i = 0; i < 5; i++) {
            Files.writeString(data.resolve("plain-" + i), "plain " + i);
        }
        Run made = run(List.of("sh", "-c", "cd \"$0\" && printf 'the 0xff file' > \"$(printf 'clash-\\377')\""
                + " && printf latin > \"$(printf 'latin1-\\351t\\351')\" && ln -s \"$(printf 'tgt-\\377')\" link",
                data.toString()));
        assertThat(made.exitCode()).as(made.err()).isZero();
    }

    private Run run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("LC_CTYPE");
        builder.environment().put("LANG", "C");
        builder.environment().put("LC_ALL", "C");
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    }

    private Run ectar(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    @Test
    void underLcAllCTheLauncherKeepsNonAsciiNamesAndRefusesNamesThatAreNotUtf8ByName() throws Exception {
        String base = tmp.resolve("bk").toString();
        Run create = ectar("create", "-o", base, "--data-shards", "2", "--parity-shards", "1", data.toString());

        assertThat(create.exitCode()).as(create.err()).isEqualTo(1);
        assertThat(create.err()).doesNotContain("internal error")
                .contains("[ERROR] d/clash-\\xff: the name is not valid UTF-8")
                .contains("[ERROR] d/latin1-\\xe9t\\xe9: the name is not valid UTF-8")
                .contains("[ERROR] d/link: its target tgt-\\xff is not valid UTF-8")
                .contains("ectar create: 3 path(s) could not be read or named");

        Run list = ectar("list", "-i", base);
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines()).containsExactly("d", "d/" + CAFE, "d/clash-\uFFFD", "d/plain-0", "d/plain-1",
                "d/plain-2", "d/plain-3", "d/plain-4", "d/" + JAPANESE_DIR, "d/" + JAPANESE_DIR + "/inside.txt");

        Path out = tmp.resolve("out");
        Run extract = ectar("extract", "-i", base, "-o", out.toString());
        assertThat(extract.exitCode()).as(extract.err()).isZero();
        assertThat(out.resolve("d").resolve(CAFE)).hasContent("caf\u00e9");
        assertThat(out.resolve("d").resolve(JAPANESE_DIR).resolve("inside.txt")).hasContent("inside");
        assertThat(out.resolve("d/clash-\uFFFD")).as("its own data, not the 0xff file's").hasContent("the U+FFFD file");
        try (Stream<Path> names = Files.list(out.resolve("d"))) {
            assertThat(names).hasSize(8);
        }
    }

    @Test
    void aJvmStartedWithoutTheLauncherUnderLcAllCRefusesToRunRatherThanManglingNames() throws Exception {
        String base = tmp.resolve("bk").toString();
        Run create = run(List.of("java", "-jar", JAR.toString(), "create", "-o", base, data.toString()));

        assertThat(create.exitCode()).isEqualTo(1);
        assertThat(create.err()).startsWith("ectar: this Java runs with the file name encoding")
                .contains("LC_ALL=C.UTF-8").hasLineCount(1);
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("bk."));
        }
        Run version = run(List.of("java", "-jar", JAR.toString(), "--version"));
        assertThat(version.exitCode()).as(version.err()).isZero();
    }

    @Test
    void anArgumentThatIsNotUtf8IsRefusedNotTakenForAnotherFile() throws Exception {
        String base = tmp.resolve("bk").toString();
        Run create = run(List.of("sh", "-c", "exec \"$0\" create -o \"$1\" \"$2/$(printf 'clash-\\377')\"",
                LAUNCHER.toString(), base, data.toString()));

        assertThat(create.exitCode()).isEqualTo(1);
        assertThat(create.err()).isEqualTo("ectar: the argument '" + data + "/clash-\\xff' is not valid UTF-8, and Java"
                + " would read it as another name; rename the file (e.g. with convmv), or name the directory that"
                + " holds it (such names in it are then skipped with a warning)\n");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("bk."));
        }
    }
}
