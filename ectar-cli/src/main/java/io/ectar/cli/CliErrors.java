package io.ectar.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * The one place where failures become messages and exit codes: one line per error, the stack trace only
 * with {@code --verbose}; usage errors exit {@link ExitStatus#USAGE}, everything else {@link ExitStatus#FAILURE}.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    private final EctarCommand root;

    CliErrors(EctarCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        err.println(prefix(cmd) + message(e));
        if (root.verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitStatus.FAILURE.code();
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(prefix(cmd) + e.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        if (root.verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitStatus.USAGE.code();
    }

    private static String prefix(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName() + ": ";
    }

    /** A message that names the file and the problem, whatever the exception. */
    static String message(Throwable e) {
        if (e instanceof NoSuchFileException f) {
            return "no such file or directory: " + f.getFile();
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        if (e instanceof java.io.IOException && e.getMessage() != null) {
            return e.getMessage();
        }
        return "internal error: " + e + " (rerun with --verbose and report it)";
    }
}
