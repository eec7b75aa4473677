package io.ectar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.archive.DirectoryShardSink;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two creates of one base name in two processes: while a child JVM is writing the archive (it holds the
 * lock and has written a shard), {@code ectar create} here, with or without {@code --force}, is refused
 * with a reason and touches none of the child's files; once the child is done, it works.
 */
class ConcurrentCreateTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondCreateOfTheSameArchiveInAnotherProcessIsRefusedAndDeletesNothing() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "hello");
        Path out = Files.createDirectories(tmp.resolve("out"));
        String base = out.resolve("bk").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", classpath, Holder.class.getName(),
                out.toString(), "bk").redirectError(tmp.resolve("child.err").toFile()).start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            // The child says so only once it holds the lock and its shard is written.
            assertThat(said.readLine()).as("child: %s", Files.readString(tmp.resolve("child.err")))
                    .isEqualTo("holding");
            Path childShard = out.resolve("bk.c001.s00");

            for (String force : new String[] {"--force", "--no-index"}) {
                CliRun r = CliRun.of("create", "-o", base, force, data.toString());
                assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitStatus.FAILURE.code());
                assertThat(r.err()).contains("ectar create: archive 'bk' in " + out
                        + " is being written by another ectar create (process " + child.pid() + ")");
                assertThat(childShard).hasContent("child's shard");
                assertThat(out.toFile().list()).containsExactlyInAnyOrder("bk.c001.s00", ".bk.ectar-lock");
            }
        } finally {
            child.getOutputStream().close(); // the child lets go when its stdin ends
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as(Files.readString(tmp.resolve("child.err"))).isZero();

        assertThat(CliRun.of("create", "-o", base, "--force", data.toString()).exitCode()).isZero();
        Path restored = tmp.resolve("restored");
        assertThat(CliRun.of("extract", "-i", base, "-o", restored.toString()).exitCode()).isZero();
        assertThat(restored.resolve("data/a.txt")).hasContent("hello");
        assertThat(out.toFile().list()).noneMatch(n -> n.contains("lock"));
    }

    /** Child JVM: opens a sink for {@code DIR BASE}, writes one shard, says "holding", waits for stdin to end. */
    static final class Holder {
        public static void main(String[] args) throws Exception {
            try (DirectoryShardSink sink = DirectoryShardSink.open(Path.of(args[0]), args[1], false)) {
                try (OutputStream shard = sink.openShard(1, 0)) {
                    shard.write("child's shard".getBytes(StandardCharsets.UTF_8));
                }
                sink.finish();
                System.out.println("holding");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // held until the parent closes our stdin
                }
            }
        }
    }
}
