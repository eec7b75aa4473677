package io.shadowcat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code shadowcat} command: record, store and replay MCP sessions. */
@Command(name = "shadowcat",
        mixinStandardHelpOptions = true,
        versionProvider = ShadowcatCommand.Version.class,
        description = "Record Model Context Protocol sessions into tapes, store them, and replay them.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:error (storage failure, unreadable or corrupt data)",
            "2:usage or configuration error", "3:tape not found"})
final class ShadowcatCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    GlobalOptions global = new GlobalOptions();

    /**
     * The command line with every command and its error handling: one-line errors, exit codes from {@link
     * ExitCode}.
     */
    static CommandLine commandLine() {
        return configured(CommandPath.all());
    }

    /** The command line to run {@code args}: only the commands on their path ({@link CommandPath}). */
    static CommandLine commandLine(String[] args) {
        return configured(CommandPath.of(args));
    }

    /** For tests: a command line that sees {@code env}, runs in {@code cwd} and finds providers in {@code registry}. */
    static CommandLine commandLine(java.util.Map<String, String> env, java.nio.file.Path cwd,
                                   io.shadowcat.storage.StorageRegistry registry) {
        return inContext(commandLine(), env, cwd, registry);
    }

    /** For tests: {@link #commandLine(String[])} in {@code env}, {@code cwd} and {@code registry}. */
    static CommandLine commandLine(String[] args, java.util.Map<String, String> env, java.nio.file.Path cwd,
                                   io.shadowcat.storage.StorageRegistry registry) {
        return inContext(commandLine(args), env, cwd, registry);
    }

    private static CommandLine inContext(CommandLine cli, java.util.Map<String, String> env, java.nio.file.Path cwd,
                                         io.shadowcat.storage.StorageRegistry registry) {
        ((ShadowcatCommand) cli.getCommand()).global.context(env, cwd, registry);
        return cli;
    }

    // (picocli's settings reach the subcommands the command line has when they are made: so, last)
    private static CommandLine configured(CommandLine cli) {
        ErrorHandler errors = new ErrorHandler();
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        NumberConverters.registerWith(cli);
        // everything from the server's program name on belongs to the server: record node srv.js --port 1
        CommandLine record = cli.getSubcommands().get("record");
        if (record != null) {
            record.setStopAtPositional(true);
        }
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: record, replay, tape, providers or audit");
    }

    /** Prints the project version, filtered into the jar at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = ShadowcatCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"shadowcat " + p.getProperty("version", "unknown")};
        }
    }
}
