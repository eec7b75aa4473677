package io.shadowcat.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.Shadowcat;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.config.StorageConfig;
import io.shadowcat.storage.migrate.TapeMigration;
import io.shadowcat.tape.TapeJson;
import java.util.concurrent.Callable;
import io.shadowcat.storage.layer.AuditOperation;
import io.shadowcat.storage.layer.AuditOutcome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shadowcat tape migrate --from SPEC --to SPEC [--delete-source]}: copies every tape from one storage
 * to another, verified and resumable (see {@link TapeMigration}).
 */
@Command(name = "migrate", description = {
    "Copy every tape from one storage to another, e.g.",
    "  shadowcat tape migrate --from filesystem:path=./tapes \\",
    "                         --to sqlite:path=./tapes.db",
    "Frames are streamed: a tape is never held in memory whole. Each copy is",
    "read back and must have the source's frame count and content hash",
    "(SHA-256 over header, frames and correlations).",
    "Run it again to resume: tapes already copied identically are skipped, the",
    "remains of an interrupted copy are copied again, and a different tape",
    "under the same id is reported and left alone (exit code 1).",
    "SPEC is PROVIDER[:KEY=VALUE,...] as for --storage, taken on its own (no",
    "environment or config file); leave out --from or --to to mean the",
    "configured storage.", ""})
final class TapeMigrateCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", paramLabel = "SPEC", description = "The storage to copy from, e.g. filesystem:path=./tapes.")
    String from;

    @Option(names = "--to", paramLabel = "SPEC", description = "The storage to copy to, e.g. sqlite:path=./tapes.db.")
    String to;

    @Option(names = "--delete-source", description = "Delete each source tape once its copy is verified "
            + "(tapes still recording are kept).")
    boolean deleteSource;

    @Option(names = "--progress", description = "Print progress lines even when standard error is not a terminal.")
    boolean progress;

    @Override
    public Integer call() {
        if (from == null && to == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "name the storage to copy from with --from, the one to copy to with --to, or both");
        }
        GlobalOptions global = GlobalOptions.of(spec);
        StorageConfig source = from == null ? global.storageConfig()
                : global.underWorkingDirectory(StorageConfig.fromSpec(from));
        StorageConfig target = to == null ? global.storageConfig()
                : global.underWorkingDirectory(StorageConfig.fromSpec(to));
        if (source.provider().equals(target.provider()) && source.settings().asMap().equals(target.settings().asMap())) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--from and --to name the same storage (" + source.provider() + " " + source.settings().asMap()
                            + "): nothing to migrate");
        }
        source.validate(global.registry());
        target.validate(global.registry());
        boolean terminal = System.console() != null;
        MigrationProgress bar = new MigrationProgress(spec.commandLine().getErr(), terminal, terminal || progress);
        TapeMigration.Result r;
        try (Shadowcat from = global.open(source, OpenMode.EXISTING);
             Shadowcat to = global.open(target, OpenMode.CREATE)) {
            r = new TapeMigration(from.storage(), to.storage(), deleteSource, bar).run();
            String detail = r.copied() + " copied, " + r.identical() + " identical, " + r.conflicts() + " conflicts, "
                    + r.failed() + " failed" + (deleteSource ? ", " + r.deleted() + " deleted" : "");
            AuditOutcome outcome = r.complete() ? AuditOutcome.OK : AuditOutcome.FAILED;
            Lifecycles.audit(from.storage(), AuditOperation.MIGRATE, java.util.List.of(), outcome, "source: " + detail);
            Lifecycles.audit(to.storage(), AuditOperation.MIGRATE, java.util.List.of(), outcome, "destination: " + detail);
        } finally {
            bar.finish();
        }
        if (global.json()) {
            ObjectNode n = TapeJson.mapper().createObjectNode();
            n.put("copied", r.copied()).put("identical", r.identical()).put("conflicts", r.conflicts())
                    .put("failed", r.failed()).put("deleted", r.deleted())
                    .put("dropped_by_destination", r.droppedByDestination()).put("frames", r.frames())
                    .put("complete", r.complete());
            r.problems().forEach(n.putArray("problems")::add);
            Output.json(spec.commandLine().getOut(), n);
        } else {
            spec.commandLine().getOut().printf(java.util.Locale.ROOT,
                    "migrated %s -> %s: %,d copied, %,d already identical, %,d conflicts, %,d failed%s%s (%,d frames)%n",
                    source.provider(), target.provider(), r.copied(), r.identical(), r.conflicts(), r.failed(),
                    deleteSource ? ", " + r.deleted() + " deleted from the source" : "",
                    r.droppedByDestination() > 0 ? ", " + r.droppedByDestination()
                            + " no longer in the destination (their source kept)" : "", r.frames());
            spec.commandLine().getOut().flush();
        }
        return r.complete() ? ExitCode.OK : ExitCode.FAILURE;
    }
}
