package io.shadowcat.cli;

/** Entry point of the {@code shadowcat} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(ShadowcatCommand.commandLine().execute(args));
    }
}
