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
        subcommands = CommandLine.HelpCommand.class)
final class ShadowcatCommand implements Runnable {

    static final int NOT_IMPLEMENTED = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static CommandLine commandLine() {
        return new CommandLine(new ShadowcatCommand());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    @Command(name = "record", description = "Record an MCP server session over stdio: shadowcat record -- CMD ARGS...")
    int record() {
        return notImplemented("record");
    }

    @Command(name = "replay", description = "Answer an MCP client over stdio from a recorded tape.")
    int replay() {
        return notImplemented("replay");
    }

    @Command(name = "tape", description = "List, show, search, import, export and remove tapes.")
    int tape() {
        return notImplemented("tape");
    }

    @Command(name = "providers", description = "List the storage providers.")
    int providers() {
        return notImplemented("providers");
    }

    private int notImplemented(String name) {
        spec.commandLine().getErr().println("shadowcat " + name + ": not implemented yet");
        return NOT_IMPLEMENTED;
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
