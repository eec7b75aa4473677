package io.ectar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.archive.CreateResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit codes that say what happened: 3 after a repair, 2 for a --files glob that found nothing (as GNU tar),
 * 1 from info on an interrupted archive and from create when a file changed while it was read.
 */
class ExitCodesTest {

    @TempDir
    Path tmp;

    private String base;

    @BeforeEach
    void archive() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data/sub"));
        Files.writeString(data.resolve("a.txt"), "alpha\n");
        Files.writeString(tmp.resolve("data/b.txt"), "beta\n");
        Files.createDirectories(tmp.resolve("out"));
        base = tmp.resolve("out/bk").toString();
        CliRun created = CliRun.of("create", "-o", base, "--data-shards", "3", "--parity-shards", "2",
                tmp.resolve("data").toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
    }

    private CliRun extract(String dir, String... extra) {
        List<String> args = new ArrayList<>(List.of("extract", "-i", base, "-o", tmp.resolve(dir).toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void extractThatRebuiltAChunkExitsThree() throws Exception {
        Files.delete(Path.of(base + ".c001.s00")); // a data shard: the chunk must be rebuilt
        CliRun r = extract("r");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitStatus.DAMAGED.code());
        assertThat(r.err()).contains("ectar extract: the archive is damaged, but everything was recovered"
                + " (1 chunk(s) with missing or bad shards, read from the others)");
        assertThat(tmp.resolve("r/data/sub/a.txt")).hasContent("alpha");
    }

    @Test
    void extractThatRebuiltTheIndexFromItsShardsExitsThree() throws Exception {
        Files.delete(Path.of(base + ".index.zst"));
        CliRun r = extract("r");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitStatus.DAMAGED.code());
        assertThat(r.err()).contains("everything was recovered (the index rebuilt from its shards)");
        assertThat(tmp.resolve("r/data/b.txt")).hasContent("beta");
        assertThat(CliRun.of("info", "-i", base).exitCode()).isEqualTo(ExitStatus.DAMAGED.code());
    }

    @Test
    void aFilesGlobThatMatchesNothingIsNotFoundInArchiveAndExitsTwo() {
        CliRun none = extract("r1", "--files", "nomatch/*");
        assertThat(none.exitCode()).as(none.err()).isEqualTo(ExitStatus.USAGE.code());
        assertThat(none.err()).contains("ectar extract: nomatch/*: Not found in archive");

        CliRun some = extract("r2", "--files", "data/sub", "--files", "nomatch/*");
        assertThat(some.exitCode()).as(some.err()).isEqualTo(ExitStatus.USAGE.code());
        assertThat(some.err()).contains("nomatch/*: Not found in archive").doesNotContain("data/sub: Not found");
        assertThat(tmp.resolve("r2/data/sub/a.txt")).hasContent("alpha");

        CliRun listed = CliRun.of("list", "-i", base, "--files", "data/b.txt", "--files", "data/c*");
        assertThat(listed.exitCode()).isEqualTo(ExitStatus.USAGE.code());
        assertThat(listed.out().lines()).containsExactly("data/b.txt");
        assertThat(listed.err()).contains("ectar list: data/c*: Not found in archive");

        assertThat(extract("r3", "--files", "data/*.txt").exitCode()).isZero();
    }

    @Test
    void infoOnAnInterruptedArchiveSaysIncompleteAndExitsOne() throws Exception {
        // what a killed create leaves: shards, but no index (file or shards) and no recovery text
        for (String gone : new String[] {".index.zst", ".RECOVERY.txt", ".index.s00", ".index.s01", ".index.s02",
                ".index.s03", ".index.s04"}) {
            Files.delete(Path.of(base + gone));
        }
        CliRun info = CliRun.of("info", "-i", base);
        assertThat(info.exitCode()).as(info.err()).isEqualTo(ExitStatus.FAILURE.code());
        assertThat(info.out()).contains("health:       INCOMPLETE: no index and no recovery text")
                .doesNotContain("every shard file is there");
        CliRun json = CliRun.of("info", "-i", base, "--format", "json");
        assertThat(json.out()).contains("\"interrupted\" : true");
    }

    @Test
    void infoOnAnArchiveWrittenWithoutIndexIsHealthy() {
        String noIndex = tmp.resolve("out/ni").toString();
        assertThat(CliRun.of("create", "-o", noIndex, "--no-index", tmp.resolve("data").toString()).exitCode())
                .isZero();
        CliRun info = CliRun.of("info", "-i", noIndex);
        assertThat(info.exitCode()).as(info.out()).isZero();
        assertThat(info.out()).contains("every shard file is there");
    }

    @Test
    void createExitsOneWhenAFileChangedWhileItWasRead() {
        StringWriter err = new StringWriter();
        CreateResult changed = new CreateResult(1, 10, 1, 1024, 100, 200, true, List.of("x: shrank"), List.of(),
                List.of("data/x: shrank while being archived; the missing 5 bytes are stored as zeros"));
        assertThat(CreateCommand.inputProblems(new PrintWriter(err, true), changed)).isEqualTo(ExitStatus.FAILURE);
        assertThat(err.toString()).contains("ectar create: 1 file(s) changed while being archived");
        CreateResult fine = new CreateResult(1, 10, 1, 1024, 100, 200, true, List.of(), List.of(), List.of());
        assertThat(CreateCommand.inputProblems(new PrintWriter(new StringWriter()), fine)).isEqualTo(ExitStatus.OK);
    }
}
