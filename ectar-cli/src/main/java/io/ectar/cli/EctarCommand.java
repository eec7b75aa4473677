package io.ectar.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code ectar} command: erasure-coded tar archives on disk or on tape. */
@Command(name = "ectar",
        mixinStandardHelpOptions = true,
        versionProvider = EctarCommand.Version.class,
        description = "Erasure-coded tar archives: tar + zstd + Reed-Solomon shards, recoverable with stock tools.",
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

    /** Every subcommand by name, in the order {@code --help} lists them. */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("help", CommandLine.HelpCommand::new);
        all.put("create", CreateCommand::new);
        all.put("extract", ExtractCommand::new);
        all.put("list", ListCommand::new);
        all.put("verify", VerifyCommand::new);
        all.put("info", InfoCommand::new);
        all.put("locate", LocateCommand::new);
        all.put("bench", BenchCommand::new);
        all.put("bench-tape", TapeBenchCommand::new);
        return Collections.unmodifiableMap(all);
    }

    /** The command line with every subcommand. */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line to run {@code args}: when they start with a subcommand's name, with that subcommand
     * only; for {@code --version} alone, with none; else (help, options first, mistakes) with all of them.
     * picocli builds a subcommand's model by reflection when it is added, so building one instead of eight
     * saves start-up time on every run.
     */
    static CommandLine commandLine(String[] args) {
        EctarCommand root = new EctarCommand();
        CommandLine cli = new CommandLine(root);
        Supplier<Object> only = args.length > 0 && !args[0].equals("help") ? SUBCOMMANDS.get(args[0]) : null;
        if (only != null) {
            cli.addSubcommand(args[0], only.get());
        } else if (!(args.length == 1 && (args[0].equals("--version") || args[0].equals("-V")))) {
            SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        CliErrors errors = new CliErrors(root);
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        // (--verbose's debug level is set by Main, before the first logger exists)
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
