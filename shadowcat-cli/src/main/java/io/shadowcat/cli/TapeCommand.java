package io.shadowcat.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code shadowcat tape ...}: work with stored tapes. Each subcommand is its own class; add new ones (such
 * as {@code migrate}) to the {@code subcommands} list below.
 */
@Command(name = "tape", description = "List, show, search, import, export, remove, migrate and hold tapes.",
        subcommands = {
            TapeListCommand.class,
            TapeShowCommand.class,
            TapeSearchCommand.class,
            TapeRmCommand.class,
            TapeExportCommand.class,
            TapeImportCommand.class,
            TapeStatsCommand.class,
            TapeMigrateCommand.class,
            TapeHoldCommand.class,
            TapeReleaseCommand.class,
            TapeVerifyCommand.class,
            TapeRekeyCommand.class,
            TapeExportAgeCommand.class,
        })
final class TapeCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: list, show, search, rm, export, import, stats, migrate, hold, release, verify, rekey or export-age");
    }
}
