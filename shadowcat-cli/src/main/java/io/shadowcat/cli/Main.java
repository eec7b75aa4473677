package io.shadowcat.cli;

/** Entry point of the {@code shadowcat} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            if (a.equals("-v") || a.equals("--verbose")) {
                // Before the first logger exists: slf4j-simple reads its level once.
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
            }
        }
        Warmup.start(args);
        System.exit(ShadowcatCommand.commandLine(args).execute(args));
    }
}
