package io.ectar.cli;

/** Entry point of the {@code ectar} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Warmup.start(args);
        System.exit(EctarCommand.commandLine(args).execute(args));
    }
}
