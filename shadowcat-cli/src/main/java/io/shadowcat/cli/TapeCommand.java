package io.shadowcat.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code shadowcat tape ...}: work with stored tapes. Each subcommand is its own class; add new ones (such
 * as {@code migrate}) to {@link CommandPath#TREE}.
 */
@Command(name = "tape", description = "List, show, search, import, export, remove, migrate and hold tapes.")
final class TapeCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: list, show, search, rm, export, import, stats, migrate, hold, release, verify, rekey or export-age");
    }
}
