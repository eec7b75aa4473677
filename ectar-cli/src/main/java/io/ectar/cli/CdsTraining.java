package io.ectar.cli;

import io.ectar.format.ArchiveNames;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The training run behind the launcher's class-data-sharing archive ({@code scripts/launch}): prints the
 * version and help, creates a tiny archive in a temporary directory and lists, inspects, verifies and
 * extracts it (once with a data shard missing, so that decoding and the codec engine run too), all into
 * nothing. The JVM that runs this with {@code -XX:ArchiveClassesAtExit} records the classes those commands
 * load, so that later runs map them instead of loading them from the jar.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    /** Runs the training; exits with 1 when a command fails (the launcher then keeps no archive). */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("ectar-cds-training-");
        try {
            train(dir);
        } catch (IllegalStateException e) {
            System.err.println("ectar CDS training: " + e.getMessage());
            System.exit(1);
        } finally {
            deleteTree(dir);
        }
    }

    /** Runs every command on a tiny tree under {@code dir}; throws when one of them fails. */
    static void train(Path dir) throws IOException {
        // the real entry point belongs in the archive too
        Objects.requireNonNull(Main.class.getName() + Warmup.class.getName());
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        Files.writeString(tree.resolve("a.txt"), "alpha\n".repeat(1000), StandardCharsets.UTF_8);
        Files.writeString(tree.resolve("b.txt"), "beta\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        String base = out.resolve("t").toString();
        Files.createDirectories(out);
        run("--version");
        run("--help");
        run("create", "-o", base, "--data-shards", "2", "--parity-shards", "1", dir.resolve("tree").toString());
        run("list", "-i", base);
        run("list", "-i", base, "--long");
        run("info", "-i", base);
        run("verify", "-i", base);
        run("extract", "-i", base, "-o", dir.resolve("x1").toString());
        Files.delete(out.resolve(new ArchiveNames("t").shard(1, 0)));
        run("extract", "-i", base, "-o", dir.resolve("x2").toString());
    }

    private static void run(String... args) {
        CommandLine cli = EctarCommand.commandLine(args);
        PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        cli.setOut(nowhere);
        cli.setErr(nowhere);
        int exitCode = cli.execute(args);
        // a missing shard is damage that was recovered: exit code 3
        if (exitCode != ExitStatus.OK.code() && exitCode != ExitStatus.DAMAGED.code()) {
            throw new IllegalStateException("'ectar " + String.join(" ", args) + "' exited with " + exitCode);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path p : deepestFirst) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
