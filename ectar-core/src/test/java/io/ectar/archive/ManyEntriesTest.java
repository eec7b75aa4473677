package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archive of many entries is created, listed, extracted (all, and with --files), verified and described
 * in a heap far smaller than its entries as objects: each step runs in a child JVM with {@value #HEAP} of heap.
 * Before the index was streamed and spilled, each of them ran out of memory (the 200,000 entries took about
 * 70 MiB as objects, the extract's set of written paths as much again).
 */
class ManyEntriesTest {

    private static final String HEAP = "32m";
    private static final int ENTRIES = 200_000;
    private static final int DIRECTORIES = ENTRIES / ManyEntriesMain.PER_DIRECTORY;

    @TempDir
    static Path tmp;
    private static Path archive;

    @BeforeAll
    static void createInASmallHeap() throws Exception {
        archive = tmp.resolve("archive");
        ChildJvm.Result r = run("create", archive.toString(), String.valueOf(ENTRIES));
        assertThat(r.output()).contains("created: " + ENTRIES + " ");
    }

    @Test
    void listsEveryEntry() throws Exception {
        assertThat(run("list", archive.toString()).output()).contains("listed: " + ENTRIES + "\n");
        assertThat(run("files", archive.toString(), "d00007/*").output())
                .contains("listed: " + (ManyEntriesMain.PER_DIRECTORY - 1) + "\n");
    }

    @Test
    void infoCountsEveryEntry() throws Exception {
        assertThat(run("info", archive.toString()).output())
                .contains("entries: " + ENTRIES + " files: " + (ENTRIES - DIRECTORIES) + "\n");
    }

    @Test
    void verifyChecksEveryFileAgainstTheIndex() throws Exception {
        assertThat(run("verify", archive.toString()).output())
                .contains("verified: " + (ENTRIES - DIRECTORIES) + " problems: 0 lost: 0\n");
    }

    @Test
    void extractsEveryEntry() throws Exception {
        Path out = tmp.resolve("out");
        assertThat(run("extract", archive.toString(), out.toString()).output())
                .contains("extracted: " + ENTRIES + " refused: 0\n");
        assertThat(count(out)).isEqualTo(ENTRIES);
        assertThat(Files.getLastModifiedTime(out.resolve("d00123")).toInstant())
                .isEqualTo(java.time.Instant.parse("2026-01-02T03:04:05Z"));
        try (Stream<Path> temps = Files.walk(out)) {
            assertThat(temps.filter(p -> p.getFileName().toString().startsWith(".ectar-tmp-"))).isEmpty();
        }
    }

    @Test
    void extractsTheSelectedFiles() throws Exception {
        Path out = tmp.resolve("some");
        assertThat(run("extract-files", archive.toString(), out.toString(), "d00042/*").output())
                .contains("extracted: " + (ManyEntriesMain.PER_DIRECTORY - 1) + " refused: 0\n");
        assertThat(count(out)).isEqualTo(ManyEntriesMain.PER_DIRECTORY); // with the directory made for them
    }

    private static long count(Path out) throws IOException {
        try (Stream<Path> all = Files.walk(out)) {
            return all.count() - 1;
        }
    }

    private static ChildJvm.Result run(String... args) throws Exception {
        ChildJvm.Result r = ChildJvm.run(HEAP, ManyEntriesMain.class, args);
        assertThat(r.output()).doesNotContain("OutOfMemoryError");
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r;
    }
}
