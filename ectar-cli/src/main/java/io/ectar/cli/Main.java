package io.ectar.cli;

import io.ectar.archive.FileNames;
import java.util.List;
import java.util.Optional;

/** Entry point of the {@code ectar} command. */
public final class Main {

    private static final List<String> NO_NAMES = List.of("--version", "-V", "--help", "-h", "help");

    private Main() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--verbose")) {
            // Before the first logger exists (the commands and the warm-up make some): slf4j-simple reads
            // its level once.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
        Optional<String> problem = namesProblem(args);
        if (problem.isPresent()) {
            System.err.println("ectar: " + problem.get());
            System.exit(ExitStatus.FAILURE.code());
        }
        Warmup.start(args);
        System.exit(EctarCommand.commandLine(args).execute(args));
    }

    /**
     * Why file names would come out wrong in this run, if they would. The JVM decodes file names and arguments
     * through the locale's encoding, fixed at start-up: when it is not UTF-8 (a JVM started under
     * {@code LC_ALL=C} without the launcher), every non-ASCII name would be refused or mangled, so nothing
     * but help and the version runs. An argument that is not valid UTF-8 reaches Java as another name.
     */
    static Optional<String> namesProblem(String[] args) {
        if (args.length == 0 || List.of(args).stream().anyMatch(NO_NAMES::contains)) {
            return Optional.empty();
        }
        return FileNames.encodingProblem().or(() -> CommandLineBytes.undecodable(args));
    }
}
