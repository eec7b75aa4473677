package io.ectar.cli;

import static io.ectar.archive.FileNames.Escaping.LISTING;

import io.ectar.archive.Archive;
import io.ectar.archive.ChunkHealth;
import io.ectar.archive.FileNames;
import io.ectar.archive.Verifier;
import io.ectar.archive.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ectar verify}: checks an archive without extracting it. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check an archive's shards, chunks and files without extracting anything.",
            "Exit code 0: all good; 3: damage found but every byte recoverable; 1: data lost."})
final class VerifyCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ArchiveInput archiveInput;

    static final class Depth {
        @Option(names = "--quick", description = "Only check that every shard file is there with the right size.")
        boolean quick;

        @Option(names = "--full", description = "Check every shard's SHA-256, rebuild every chunk and check every"
                + " file's SHA-256 (the default).")
        boolean full;
    }

    @ArgGroup(exclusive = true)
    Depth depth;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the findings as JSON to FILE"
            + " (- for standard output, the summary then goes to standard error).")
    Path report;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        Verifier.Mode mode = depth != null && depth.quick ? Verifier.Mode.QUICK : Verifier.Mode.FULL;
        ReportFile reportFile = ReportFile.of(cli, "--report", report);
        VerifyReport r;
        try (Archive archive = archiveInput.open(spec.commandLine(), mode == Verifier.Mode.FULL)) {
            r = new Verifier(archive, TerminalProgress.forCommand(cli.getErr(), false)).verify(mode);
        }
        // stdout carries the JSON alone when it is the report's place
        print(reportFile != null && reportFile.toStdout() ? cli.getErr() : cli.getOut(), r);
        if (reportFile != null) {
            reportFile.write(cli.getOut(), ReportJson.verify(r));
        }
        return ExitStatus.of(r.status()).code();
    }

    private static void print(PrintWriter out, VerifyReport r) {
        out.println("archive: " + r.archive());
        out.println("check: " + (r.mode() == Verifier.Mode.QUICK ? "quick (shard presence and sizes)"
                : "full (every shard, chunk and file hash)"));
        out.println("index: " + switch (r.indexOrigin()) {
            case FILE -> "index file";
            case SHARDS -> "rebuilt from the index shards";
            case NONE -> "none (reading the shards alone)";
        });
        r.indexProblems().forEach(p -> out.println("  index problem: " + p));
        long shards = r.chunks().stream().mapToLong(c -> c.good().size()).sum();
        out.println("chunks: " + r.chunks().size() + " (" + shards + " good shards checked)");
        for (ChunkHealth h : r.chunks()) {
            if (h.damaged() || !h.recovered()) {
                out.println("  chunk " + h.chunk() + (h.recovered() ? " (recoverable): " : " (LOST): ") + h.describe());
            }
        }
        if (r.mode() == Verifier.Mode.FULL) {
            out.println("files checked: " + r.filesChecked());
        }
        r.fileProblems().forEach(p -> out.println("  file problem: " + FileNames.escaped(p, LISTING)));
        r.lostEntries().forEach(p -> out.println("  lost: " + FileNames.escaped(p, LISTING)));
        out.println("result: " + switch (r.status()) {
            case OK -> "OK";
            case DAMAGED -> "DAMAGED, but every byte is recoverable";
            case UNRECOVERABLE -> "UNRECOVERABLE data";
        });
        out.flush();
    }
}
