package io.shadowcat.cli;

import io.shadowcat.storage.layer.AuditLog;
import io.shadowcat.storage.layer.AuditVerification;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shadowcat audit verify PATH}: check an audit log's hash chain. */
@Command(name = "audit", description = "Work with audit logs (the audit_log storage setting).")
final class AuditCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: verify");
    }

    @Command(name = "verify", description = "Check every line of an audit log: exit 0 when intact, 1 naming the "
            + "first line that was edited, removed or moved.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "PATH", description = "The audit log file.")
        Path path;

        @Override
        public Integer call() {
            Path file = GlobalOptions.of(spec).workingDirectory().resolve(path);
            AuditVerification v = AuditLog.verify(file);
            if (v.intact()) {
                spec.commandLine().getOut().println(file + ": intact, " + v.lines() + " lines");
                spec.commandLine().getOut().flush();
                return ExitCode.OK;
            }
            spec.commandLine().getErr().println("shadowcat: " + file + ": line " + v.firstBadLine() + ": "
                    + v.problem());
            return ExitCode.FAILURE;
        }
    }
}
