package io.shadowcat.cli;

import io.shadowcat.storage.ConfigFileException;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.ProviderNotFoundException;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.TapeNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception escaping a command into one line on stderr ({@code shadowcat: what went wrong}) and
 * an {@link ExitCode}; the stack trace only with {@code --verbose}.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        boolean verbose = GlobalOptions.of(cmd.getCommandSpec()).verbose;
        Throwable cause = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        cmd.getErr().println("shadowcat: " + message(cause));
        if (verbose) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return exitCode(cause);
    }

    static int exitCode(Throwable e) {
        if (e instanceof TapeNotFoundException) {
            return ExitCode.NOT_FOUND;
        }
        if (e instanceof InvalidConfigException || e instanceof ConfigFileException
                || e instanceof ProviderNotFoundException || e instanceof IllegalArgumentException
                || e instanceof CommandLine.ParameterException) {
            return ExitCode.USAGE;
        }
        return ExitCode.FAILURE;
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof StorageException || e instanceof IllegalArgumentException || e instanceof IOException
                || e instanceof IllegalStateException) {
            return oneLine(m != null ? m : e.toString());
        }
        return "internal error: " + oneLine(e.toString()) + " (run with --verbose for details)";
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
