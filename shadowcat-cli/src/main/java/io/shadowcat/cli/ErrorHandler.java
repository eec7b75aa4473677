package io.shadowcat.cli;

import io.shadowcat.storage.ConfigFileException;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.ProviderNotFoundException;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.TapeNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns a failure into one line on stderr and an {@link ExitCode}; the stack trace only with {@code --verbose}.
 * Usage errors (a bad command line, found while parsing or by the command) read {@code shadowcat: what is
 * wrong (see 'shadowcat tape list --help')} and exit 2, never followed by the whole help text; other
 * failures read {@code shadowcat: what went wrong}.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        return report(cmd, usageMessage(e) + seeHelp(cmd), e, ExitCode.USAGE);
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        Throwable cause = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        int code = exitCode(cause);
        // a bad argument value the command found (a tape id, a query): about the command line, as a parse error
        String help = cause instanceof IllegalArgumentException ? seeHelp(cmd) : "";
        return report(cmd, message(cause) + help, e, code);
    }

    private static int report(CommandLine cmd, String message, Exception e, int code) {
        PrintWriter err = cmd.getErr();
        err.println("shadowcat: " + oneLine(message));
        if (GlobalOptions.of(cmd.getCommandSpec()).verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static String seeHelp(CommandLine cmd) {
        return " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')";
    }

    static int exitCode(Throwable e) {
        if (e instanceof TapeNotFoundException) {
            return ExitCode.NOT_FOUND;
        }
        if (e instanceof InvalidConfigException || e instanceof ConfigFileException
                || e instanceof ProviderNotFoundException || e instanceof IllegalArgumentException
                || e instanceof ParameterException) {
            return ExitCode.USAGE;
        }
        return ExitCode.FAILURE;
    }

    /** What a parse error says, in words: picocli's own text, without Java type or exception names. */
    static String usageMessage(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u) {
            return unmatched(u);
        }
        Throwable cause = e.getCause();
        ArgSpec arg = e.getArgSpec();
        if (cause != null && arg != null && !(cause instanceof CommandLine.TypeConversionException)
                && cause.getMessage() != null) {
            // picocli says "cannot convert 'x' to T (java.lang.IllegalArgumentException: why)": keep the why
            return "Invalid value for " + describe(arg) + ": " + cause.getMessage();
        }
        return e.getMessage();
    }

    private static String unmatched(UnmatchedArgumentException u) {
        List<String> suggestions = u.getSuggestions();
        String hint = suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)";
        if (u.isUnknownOption()) {
            return u.getMessage() + hint;
        }
        List<String> args = u.getUnmatched();
        String quoted = "'" + String.join("', '", args) + "'";
        if (!u.getCommandLine().getSubcommands().isEmpty()) {
            return "unknown command " + quoted + hint;
        }
        return (args.size() == 1 ? "unexpected argument " : "unexpected arguments ") + quoted + hint;
    }

    private static String describe(ArgSpec arg) {
        return arg instanceof OptionSpec o ? "option '" + o.longestName() + "'"
                : "positional parameter " + arg.paramLabel();
    }

    static String message(Throwable e) {
        if (e instanceof FileSystemException f) {
            return fileProblem(f);
        }
        String m = e.getMessage();
        if (e instanceof StorageException || e instanceof IllegalArgumentException || e instanceof IOException
                || e instanceof IllegalStateException) {
            return oneLine(m != null ? m : e.toString());
        }
        return "internal error: " + oneLine(e.toString()) + " (run with --verbose for details)";
    }

    // the JDK's file exceptions carry only the path as their message: say what is wrong with it
    private static String fileProblem(FileSystemException f) {
        String file = f.getFile();
        if (f instanceof NoSuchFileException) {
            return "no such file or directory: " + file;
        }
        if (f instanceof AccessDeniedException) {
            return "permission denied: " + file;
        }
        if (f instanceof FileAlreadyExistsException) {
            return file + ": already exists" + (f.getReason() != null ? " (" + f.getReason() + ")" : "");
        }
        if (f instanceof NotDirectoryException) {
            return file + ": not a directory";
        }
        String other = f.getOtherFile() != null ? " -> " + f.getOtherFile() : "";
        return file + other + ": " + (f.getReason() != null ? f.getReason() : "cannot be used");
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
