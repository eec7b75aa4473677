package io.ectar.cli;

import io.ectar.archive.Archive;
import io.ectar.archive.ArchiveInfo;
import io.ectar.archive.IndexOrigin;
import io.ectar.format.ArchiveParameters;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ectar info}: parameters, sizes and a quick health check. */
@Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show an archive's parameters, sizes and which shards are there (no data is read).")
final class InfoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ArchiveInput archiveInput;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        if (format == OutputFormat.csv) {
            throw new CommandLine.ParameterException(cli, "info prints text or json, not csv");
        }
        ArchiveInfo info;
        try (Archive archive = archiveInput.open(spec.commandLine(), false)) {
            info = archive.info();
        }
        PrintWriter out = cli.getOut();
        if (format == OutputFormat.json) {
            out.println(ReportJson.info(info));
        } else {
            text(out, info);
        }
        out.flush();
        return status(info).code();
    }

    /** As verify --quick would say: 1 when data is missing or the archive is incomplete, 3 when damaged. */
    private static ExitStatus status(ArchiveInfo i) {
        if (i.interrupted() || i.lostChunks() > 0) {
            return ExitStatus.FAILURE;
        }
        return i.damagedChunks() > 0 || i.indexOrigin() == IndexOrigin.SHARDS ? ExitStatus.DAMAGED : ExitStatus.OK;
    }

    private static void text(PrintWriter out, ArchiveInfo i) {
        ArchiveParameters p = i.parameters();
        out.println("archive:      " + i.archive());
        if (i.tool() != null) {
            out.println("written by:   " + i.tool() + (i.created() == null ? "" : " on " + i.created()));
        }
        if (p.archiveId() != null) {
            out.println("archive id:   " + p.archiveId());
        }
        out.println("shards:       " + p.dataShards() + " data + " + p.parityShards() + " parity per chunk (any "
                + p.dataShards() + " of " + p.totalShards() + " rebuild a chunk), " + p.codec().wireName());
        if (p.chunkSize() > 0) {
            out.println("chunk size:   " + HumanSize.format(p.chunkSize()));
        }
        ArchiveParameters.Compression c = p.compression();
        out.println("compression:  " + (c instanceof ArchiveParameters.Compression.Zstd ? "zstd level " + c.level()
                : c instanceof ArchiveParameters.Compression.None ? "none" : "unknown (no index)"));
        out.println("index:        " + switch (i.indexOrigin()) {
            case FILE -> "index file";
            case SHARDS -> "rebuilt from the index shards";
            case NONE -> "none";
        });
        i.indexProblems().forEach(problem -> out.println("              " + problem));
        if (i.entries() != null) {
            out.println("entries:      " + i.entries() + " (" + i.files() + " files, " + HumanSize.format(i.fileBytes())
                    + ")");
            out.println("tar stream:   " + HumanSize.format(i.tarBytes()) + ", compressed to "
                    + HumanSize.format(i.payloadBytes()));
        }
        out.println("chunks:       " + i.chunks());
        out.println("shard files:  " + i.shardsPresent() + " of " + i.shardsExpected() + " present");
        out.println("health:       " + (i.interrupted() ? "INCOMPLETE: no index and no recovery text, so the create"
                + " that wrote it was most likely interrupted and the archive may end early ('ectar extract --partial'"
                + " recovers what is there)" : i.lostChunks() > 0 ? i.lostChunks() + " chunk(s) lack enough shards"
                : i.damagedChunks() > 0 ? i.damagedChunks() + " chunk(s) miss shards but are recoverable"
                : "every shard file is there (run 'ectar verify' to check their contents)"));
    }
}
