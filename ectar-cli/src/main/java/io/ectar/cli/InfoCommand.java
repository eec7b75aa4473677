package io.ectar.cli;

import io.ectar.archive.Archive;
import io.ectar.archive.ArchiveInfo;
import io.ectar.archive.IndexOrigin;
import io.ectar.format.ArchiveParameters;
import java.io.PrintWriter;
import java.util.List;
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
        io.ectar.tape.TapeDirectory catalog = null;
        try (Archive archive = archiveInput.open(spec.commandLine(), false)) {
            info = archive.info();
            if (archive.source() instanceof io.ectar.tape.TapeShardSource tapes) {
                catalog = tapes.reader().directory();
            } else if (archive.source() instanceof io.ectar.archive.DirectoryShardSource dir) {
                java.nio.file.Path file = io.ectar.tape.TapeCatalog.path(dir.directory(), dir.base());
                catalog = java.nio.file.Files.exists(file) ? io.ectar.tape.TapeCatalog.read(file) : null;
            }
        }
        PrintWriter out = cli.getOut();
        if (format == OutputFormat.json) {
            out.println(ReportJson.info(info, catalog));
        } else {
            text(out, info);
            if (catalog != null) {
                List<String> volumes = io.ectar.tape.TapeCatalog.describeVolumes(catalog);
                out.println("tape set:     " + catalog.setId() + ", " + volumes.size() + " volume(s) (cartridges):");
                volumes.forEach(line -> out.println("              " + line));
            }
        }
        out.flush();
        return status(info).code();
    }

    /** As verify --quick would say: 1 when data is missing or the archive is incomplete, 3 when damaged. */
    private static ExitStatus status(ArchiveInfo i) {
        if (i.interrupted() || i.shards().lostChunks() > 0) {
            return ExitStatus.FAILURE;
        }
        return i.shards().damagedChunks() > 0 || i.indexOrigin() == IndexOrigin.SHARDS ? ExitStatus.DAMAGED : ExitStatus.OK;
    }

    private static void text(PrintWriter out, ArchiveInfo i) {
        ArchiveParameters p = i.parameters();
        out.println("archive:      " + i.archive());
        i.contents().filter(c -> c.tool() != null).ifPresent(c -> out.println("written by:   " + c.tool()
                + (c.created() == null ? "" : " on " + c.created())));
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
        i.contents().ifPresent(contents -> {
            out.println("entries:      " + contents.entries() + " (" + contents.files() + " files, "
                    + HumanSize.format(contents.fileBytes()) + ")");
            out.println("tar stream:   " + HumanSize.format(contents.tarBytes()) + ", compressed to "
                    + HumanSize.format(contents.payloadBytes()));
        });
        ArchiveInfo.Shards shards = i.shards();
        out.println("chunks:       " + shards.chunks());
        out.println("shard files:  " + shards.present() + " of " + shards.expected() + " present");
        out.println("health:       " + (i.interrupted() ? "INCOMPLETE: no index and no recovery text, so the create"
                + " that wrote it was most likely interrupted and the archive may end early ('ectar extract --partial'"
                + " recovers what is there)" : shards.lostChunks() > 0 ? shards.lostChunks() + " chunk(s) lack enough shards"
                : shards.damagedChunks() > 0 ? shards.damagedChunks() + " chunk(s) miss shards but are recoverable"
                : "every shard file is there (run 'ectar verify' to check their contents)"));
    }
}
