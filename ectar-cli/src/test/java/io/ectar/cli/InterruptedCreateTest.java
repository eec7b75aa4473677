package io.ectar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.archive.Archive;
import io.ectar.archive.IndexOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ectar create} killed with SIGKILL half-way, in a child JVM: no index may claim data that is not
 * there, what was written must still be readable as far as it goes, and a rerun with --force must work.
 */
class InterruptedCreateTest {

    @TempDir
    Path tmp;

    private static long shardFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("bk\\.c\\d+\\.s\\d+")).count();
        }
    }

    @Test
    void killedCreateLeavesNoIndexAndARecoverablePrefix() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Random random = new Random(3);
        for (int i = 0; i < 40; i++) {
            byte[] bytes = new byte[256 << 10];
            random.nextBytes(bytes);
            Files.write(data.resolve(String.format("file%02d.bin", i)), bytes);
        }
        Path out = Files.createDirectories(tmp.resolve("out"));
        String base = out.resolve("bk").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", classpath, Main.class.getName(), "create", "-o", base,
                "--data-shards", "2", "--parity-shards", "1", "--chunk-size", "64K", data.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        // Polls the child's progress; the bound only turns a hang into a failure, however loaded the machine.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (shardFiles(out) < 90 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(child.isAlive()).as("create must still be running when killed (%s)",
                Files.readString(tmp.resolve("child.log"))).isTrue();
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(out.resolve("bk.index.zst")).doesNotExist();
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("bk.index"));
        }
        try (Archive archive = Archive.open(base)) {
            assertThat(archive.indexOrigin()).isEqualTo(IndexOrigin.NONE);
        }

        // What was written is readable up to where it stops, and says that it stops early.
        Path restored = tmp.resolve("restored");
        int code = run("extract", "-i", base, "-o", restored.toString(), "--partial");
        assertThat(code).isEqualTo(ExitStatus.DAMAGED.code());
        try (Stream<Path> files = Files.list(restored.resolve("data"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                assertThat(Files.mismatch(f, data.resolve(f.getFileName()))).as(f.toString()).isEqualTo(-1L);
            }
        }
        assertThat(restored.resolve("data").toFile().list()).hasSizeGreaterThan(1).hasSizeLessThan(40);

        assertThat(run("create", "-o", base, "--force", "--chunk-size", "1M", data.toString())).isZero();
        Path again = tmp.resolve("again");
        assertThat(run("extract", "-i", base, "-o", again.toString())).isZero();
        assertThat(again.resolve("data").toFile().list()).hasSize(40);
        assertThat(out.toFile().list()).allMatch(n -> n.startsWith("bk.")).as("no temporary files left")
                .noneMatch(n -> n.contains("tmp"));
    }

    private static int run(String... args) {
        return CliRun.of(args).exitCode();
    }

}
