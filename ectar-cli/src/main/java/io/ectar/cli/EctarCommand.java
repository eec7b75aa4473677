package io.ectar.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ectar} command: erasure-coded tar archives on disk or on tape. */
@Command(name = "ectar",
        mixinStandardHelpOptions = true,
        versionProvider = EctarCommand.Version.class,
        description = "Erasure-coded tar archives: tar + zstd + Reed-Solomon shards, recoverable with stock tools.",
        subcommands = {CommandLine.HelpCommand.class, BenchCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:error (bad input, unrecoverable data)",
            "2:usage error",
            "3:damage found but every requested byte recovered, or --partial lost something"})
final class EctarCommand implements Runnable {

    static final int NOT_IMPLEMENTED = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static CommandLine commandLine() {
        return new CommandLine(new EctarCommand());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    @Command(name = "create", description = "Create an archive from files and directories.")
    int create() {
        return notImplemented("create");
    }

    @Command(name = "extract", description = "Extract files from an archive, repairing damage.")
    int extract() {
        return notImplemented("extract");
    }

    @Command(name = "list", description = "List the entries of an archive.")
    int list() {
        return notImplemented("list");
    }

    @Command(name = "verify", description = "Check an archive's shards, chunks and files.")
    int verify() {
        return notImplemented("verify");
    }

    @Command(name = "info", description = "Show an archive's parameters and health.")
    int info() {
        return notImplemented("info");
    }

    private int notImplemented(String name) {
        spec.commandLine().getErr().println("ectar " + name + ": not implemented yet");
        return NOT_IMPLEMENTED;
    }

    /** Prints the project version, filtered into the jar at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = EctarCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"ectar " + p.getProperty("version", "unknown")};
        }
    }
}
