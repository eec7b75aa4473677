package io.ectar.cli;

import java.util.List;

/** Entry point of the {@code ectar} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--verbose")) {
            // Before the first logger exists (the commands and the warm-up make some): slf4j-simple reads
            // its level once.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
        Warmup.start(args);
        System.exit(EctarCommand.commandLine(args).execute(args));
    }
}
