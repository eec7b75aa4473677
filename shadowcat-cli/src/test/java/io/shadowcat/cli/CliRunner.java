package io.shadowcat.cli;

import io.shadowcat.storage.StorageRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs shadowcat's command line in process, as a user would in {@code cwd}: {@code HOME} is {@code cwd}
 * (so the user's own configuration never leaks in), providers come from an isolated registry, and what
 * the commands print is kept for assertions. One per test.
 */
final class CliRunner {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    private final Path cwd;
    private final Map<String, String> env = new HashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    CliRunner(Path cwd) {
        this.cwd = cwd;
        env.put("HOME", cwd.toString());
    }

    /** The environment the next runs see; tests add variables to it. */
    Map<String, String> env() {
        return env;
    }

    /** Runs {@code shadowcat ARGS...} and returns its exit code, with the commands {@code Main} would build. */
    int run(String... args) {
        CommandLine cli = ShadowcatCommand.commandLine(args, env, cwd, REGISTRY);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    int run(List<String> args) {
        return run(args.toArray(String[]::new));
    }

    /** Everything printed on stdout so far. */
    String out() {
        return out.toString();
    }

    /** Forgets what was printed on stderr, for a test that runs several commands. */
    void clearErr() {
        err.getBuffer().setLength(0);
    }

    /** Everything printed on stderr so far. */
    String err() {
        return err.toString();
    }
}
