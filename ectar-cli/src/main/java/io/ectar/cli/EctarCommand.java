package io.ectar.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code ectar} command: erasure-coded tar archives on disk or on tape. */
@Command(name = "ectar",
        mixinStandardHelpOptions = true,
        versionProvider = EctarCommand.Version.class,
        description = "Erasure-coded tar archives: tar + zstd + Reed-Solomon shards, recoverable with stock tools.",
        subcommands = {CommandLine.HelpCommand.class, CreateCommand.class, ExtractCommand.class, ListCommand.class,
            VerifyCommand.class, InfoCommand.class, BenchCommand.class, TapeBenchCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:error (bad input, unrecoverable data)",
            "2:usage error",
            "3:damage found but every requested byte recovered, or --partial lost something"})
final class EctarCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Debug logging, and the stack trace of an error.")
    boolean verbose;

    static CommandLine commandLine() {
        EctarCommand root = new EctarCommand();
        CommandLine cli = new CommandLine(root);
        CliErrors errors = new CliErrors(root);
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        cli.setExecutionStrategy(parsed -> {
            if (root.verbose) {
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** The tool name and version recorded in archives, e.g. {@code "ectar 0.1.0"}. */
    static String toolVersion() {
        return new Version().getVersion()[0];
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
