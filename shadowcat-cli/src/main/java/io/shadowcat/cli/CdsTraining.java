package io.shadowcat.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The training run behind the launcher's class-data-sharing archive ({@code scripts/launch}, as for
 * {@code ectar}): prints the version and help, lists the providers, records a tiny session of {@code cat}
 * (stdin is empty) into a temporary filesystem store, then lists, shows, searches, exports and counts it,
 * all into nothing. The JVM that runs this with {@code -XX:DumpLoadedClassList} lists the classes those
 * commands load, and the launcher dumps them into a static archive ({@code -Xshare:dump}), so that later
 * runs map them instead of loading them from the 30 MB shaded jar.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    /** Runs the training; exits with 1 when a command fails (the launcher then keeps no archive). */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("shadowcat-cds-training-");
        try {
            train(dir);
        } catch (IllegalStateException e) {
            System.err.println("shadowcat CDS training: " + e.getMessage());
            System.exit(1);
        } finally {
            deleteTree(dir);
        }
    }

    /** Runs the commands on a store under {@code dir}; throws when one of them fails. */
    static void train(Path dir) throws IOException {
        String storage = "filesystem:path=" + dir.resolve("tapes");
        run("--version");
        run("--help");
        run("providers", "list");
        run("--storage", storage, "record", "--tape-id", "cds-training", "--name", "training", "--", "cat");
        run("--storage", storage, "tape", "list");
        run("--storage", storage, "tape", "list", "--format", "json");
        run("--storage", storage, "tape", "show", "cds-training");
        run("--storage", storage, "tape", "search", "tools");
        run("--storage", storage, "tape", "stats");
        run("--storage", storage, "tape", "export", "cds-training", "-o", Files.createDirectories(dir.resolve("export")).toString());
    }

    private static void run(String... args) {
        CommandLine cli = ShadowcatCommand.commandLine();
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        cli.setOut(nowhere);
        cli.setErr(nowhere);
        int exit = cli.execute(args);
        if (exit != 0) {
            throw new IllegalStateException("shadowcat " + String.join(" ", args) + " exited with " + exit);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
