package io.ectar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths on the command line that cannot be what they are asked to be: {@code extract -o} naming a file (or a
 * path under one), {@code -} where it would make a file or directory named {@code -} ({@code create -o -},
 * {@code extract -o -}), and where it means standard output ({@code verify --report -}). Each refusal is one
 * line naming the path and why, before anything is written; before, {@code extract -o /etc/hostname} said only
 * "ectar extract: /etc/hostname", {@code create -o -} wrote {@code -.c001.s00...} and {@code --report -} a
 * file named {@code -}.
 */
class PathArgumentsTest {

    @TempDir
    Path tmp;

    private String base;

    @BeforeEach
    void archive() throws Exception {
        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("data/a.txt"), "alpha\n");
        Files.createDirectories(tmp.resolve("archive"));
        base = tmp.resolve("archive/bk").toString();
        CliRun created = CliRun.of("create", "-o", base, "--data-shards", "2", "--parity-shards", "1",
                tmp.resolve("data").toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
    }

    @Test
    void extractIntoAFileSaysItIsNotADirectory() throws Exception {
        Path file = Files.writeString(tmp.resolve("hostname"), "box\n");
        CliRun r = CliRun.of("extract", "-i", base, "-o", file.toString());
        assertThat(r.exitCode()).isEqualTo(ExitStatus.USAGE.code());
        assertThat(r.err()).startsWith("ectar extract: " + file + ": not a directory; -o takes the directory to"
                + " extract into (created when missing)");
        assertThat(file).hasContent("box");
    }

    @Test
    void extractUnderAFileNamesTheFileInTheWay() throws Exception {
        Path file = Files.writeString(tmp.resolve("hostname"), "box\n");
        CliRun r = CliRun.of("extract", "-i", base, "-o", file.resolve("sub").toString());
        assertThat(r.exitCode()).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(r.err().strip()).isEqualTo("ectar extract: " + file.resolve("sub") + ": " + file
                + " is not a directory");
    }

    @Test
    void dashIsNeverMadeIntoAnArchiveOrAnOutputDirectory() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        CliRun create = CliRun.of("create", "-o", "-", tmp.resolve("data").toString());
        assertThat(create.exitCode()).isEqualTo(ExitStatus.USAGE.code());
        assertThat(create.err()).startsWith("ectar create: -o -: an archive is a set of files (shards, index,"
                + " recovery text) and cannot go to standard output; give its base name, -o DIR/NAME");
        CliRun extract = CliRun.of("extract", "-i", base, "-o", "-");
        assertThat(extract.exitCode()).isEqualTo(ExitStatus.USAGE.code());
        assertThat(extract.err()).startsWith("ectar extract: -o -: extract writes files into a directory, never to"
                + " standard output; give a directory (-o ./- for one named '-')");
        try (Stream<Path> files = Files.list(cwd)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("-"))).isEmpty();
        }
    }

    @Test
    void reportDashIsTheJsonAloneOnStandardOutput() throws Exception {
        CliRun r = CliRun.of("verify", "-i", base, "--report", "-");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertThat(report.get("status").asText()).isEqualTo("ok");
        assertThat(r.err()).contains("result: OK");
        assertThat(Path.of("-")).doesNotExist();
    }

    @Test
    void reportIntoADirectoryOrAMissingDirectoryIsRefusedBeforeVerifying() throws Exception {
        CliRun dir = CliRun.of("verify", "-i", base, "--report", tmp.toString());
        assertThat(dir.exitCode()).isEqualTo(ExitStatus.USAGE.code());
        assertThat(dir.err()).startsWith("ectar verify: --report " + tmp + ": is a directory; give the name of the"
                + " file to write (or - for standard output)");
        Path missing = tmp.resolve("no/such/report.json");
        CliRun r = CliRun.of("verify", "-i", base, "--report", missing.toString());
        assertThat(r.exitCode()).isEqualTo(ExitStatus.USAGE.code());
        assertThat(r.err()).startsWith("ectar verify: --report " + missing + ": its directory " + missing.getParent()
                + " does not exist");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void reportFileIsWrittenWhole() throws Exception {
        Path report = tmp.resolve("report.json");
        CliRun r = CliRun.of("verify", "-i", base, "--report", report.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("result: OK");
        assertThat(new ObjectMapper().readTree(report.toFile()).get("status").asText()).isEqualTo("ok");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).doesNotContain(".report.json.tmp");
        }
    }
}
