package io.ectar.cli;

import io.ectar.archive.ArchiveCreator;
import io.ectar.archive.CreateOptions;
import io.ectar.archive.CreateResult;
import io.ectar.archive.DirectoryShardSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ectar create}: files to pax tar to zstd chunks to erasure-coded shards. */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create an archive from files and directories.",
            "Each PATH is stored under its own name, like 'tar -C parent name': 'create -o b data' stores data/...",
            "Writes BASE.cNNN.sMM shards, BASE.index.zst, BASE.index.sMM and BASE.RECOVERY.txt."})
final class CreateCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(CreateCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "BASE",
            description = "Archive base name, optionally with a directory: -o /backups/home.2026-01 writes"
                    + " /backups/home.2026-01.c001.s00, ...")
    String output;

    @Option(names = "--data-shards", paramLabel = "K", defaultValue = "10",
            description = "Data shards per chunk: any K shards rebuild a chunk (default: ${DEFAULT-VALUE}).")
    int dataShards;

    @Option(names = "--parity-shards", paramLabel = "P", defaultValue = "5",
            description = "Parity shards per chunk: up to P shards of each chunk may be lost; K+P <= 256"
                    + " (default: ${DEFAULT-VALUE}).")
    int parityShards;

    @Option(names = "--chunk-size", paramLabel = "SIZE", defaultValue = "64MiB", converter = ByteSizeConverter.class,
            description = "Tar bytes per chunk, at least K x 4096, at most 1GiB (default: ${DEFAULT-VALUE}).")
    long chunkSize;

    @Option(names = "--compression-level", paramLabel = "1..22",
            description = "zstd compression level (default: 3).")
    Integer compressionLevel;

    @Option(names = "--no-compression", description = "Store the tar slices without zstd.")
    boolean noCompression;

    @Option(names = "--exclude", paramLabel = "GLOB",
            description = "Leave out matching paths; without a '/' the glob matches any single name"
                    + " (--exclude '*.tmp'), with one it matches the stored path (--exclude 'data/cache'). Repeatable.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--no-index", description = "Write no index (BASE.index.zst and BASE.index.sMM): extraction then"
            + " reads the shards alone.")
    boolean noIndex;

    @Option(names = "--progress", description = "Show progress even when standard error is not a terminal.")
    boolean progress;

    @Option(names = "--force", description = "Replace an existing archive with the same base name.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files and directories to archive.")
    List<Path> paths;

    @CommandLine.Mixin
    TapeDeviceOptions tapes;

    @CommandLine.Mixin
    TapeWriteOptions tapeWrite;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        if (noCompression && compressionLevel != null) {
            throw new CommandLine.ParameterException(cli, "--compression-level and --no-compression exclude each other");
        }
        int level = noCompression ? 0 : compressionLevel == null ? 3 : compressionLevel;
        if (!noCompression && (level < 1 || level > 22)) {
            throw new CommandLine.ParameterException(cli, "--compression-level must be 1..22, got " + level);
        }
        TapeCreate.requireTapesFor(cli, tapes);
        TapeCreate onTape = tapes.given() ? new TapeCreate(cli, tapes, tapeWrite) : null;
        if (onTape != null) {
            CommandLine.ParseResult parsed = cli.getParseResult();
            TapeCreate.Shards shards = onTape.shards(parsed.hasMatchedOption("--data-shards") ? dataShards : null,
                    parsed.hasMatchedOption("--parity-shards") ? parityShards : null);
            dataShards = shards.data();
            parityShards = shards.parity();
        } else if (output == null) {
            throw new CommandLine.ParameterException(cli, "give the archive's base name with -o BASE"
                    + " (or write to tapes with --tape-devices)");
        }
        if ("-".equals(output)) {
            throw new CommandLine.ParameterException(cli, "-o -: an archive is a set of files (shards, index,"
                    + " recovery text) and cannot go to standard output; give its base name, -o DIR/NAME");
        }
        CreateOptions options;
        try {
            options = new CreateOptions(dataShards, parityShards, chunkSize, level, !noIndex, excludes,
                    EctarCommand.toolVersion());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
        if (onTape != null) {
            return onTape.run(options, output, paths, force, TerminalProgress.forCommand(cli.getErr(), progress))
                    .code();
        }
        ArchiveOutput target = ArchiveOutput.of(cli, output);
        Path dir = target.dir();
        String base = target.base();
        CreateResult r;
        try (DirectoryShardSink sink = DirectoryShardSink.open(dir, base, force)) {
            r = new ArchiveCreator(options, TerminalProgress.forCommand(cli.getErr(), progress))
                    .create(paths, base, sink);
        }
        LOG.info("created {}: {} entries, {} of files in {} chunk(s) of {}+{} shards; {} compressed, {} of shards{}",
                dir.resolve(base), r.entries(), HumanSize.format(r.fileBytes()), r.chunks(), dataShards, parityShards,
                HumanSize.format(r.payloadBytes()), HumanSize.format(r.shardBytes()),
                r.indexWritten() ? "" : " (no index)");
        return inputProblems(cli.getErr(), r).code();
    }

    /**
     * Says what of the input is not in the archive as it is (unreadable, or changed while read, where GNU tar
     * also exits 1); the status that follows.
     */
    static ExitStatus inputProblems(java.io.PrintWriter err, CreateResult r) {
        ExitStatus exit = ExitStatus.OK;
        if (!r.unreadable().isEmpty()) {
            err.println("ectar create: " + r.unreadable().size() + " path(s) could not be read or"
                    + " named and are not in the archive (see the errors above)");
            exit = ExitStatus.FAILURE;
        }
        if (!r.changed().isEmpty()) {
            err.println("ectar create: " + r.changed().size() + " file(s) changed while being archived and are stored"
                    + " as they were read, not as they are (see the warnings above); archive them again when they are"
                    + " not being written");
            exit = ExitStatus.FAILURE;
        }
        return exit;
    }
}
