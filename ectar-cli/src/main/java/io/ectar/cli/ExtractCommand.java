package io.ectar.cli;

import io.ectar.archive.Archive;
import io.ectar.archive.ChunkHealth;
import io.ectar.archive.ExtractOptions;
import io.ectar.archive.ExtractResult;
import io.ectar.archive.Extractor;
import io.ectar.archive.IndexOrigin;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ectar extract}: shards back to files, repairing what can be repaired. */
@Command(name = "extract", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Extract files from an archive, repairing damaged or missing shards.",
            "Never writes outside DIR: absolute paths, '..' and paths through symbolic links are refused."})
final class ExtractCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ExtractCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ArchiveInput archiveInput;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
            description = "Directory to extract into, created if missing (default: the current directory).")
    Path output;

    @Option(names = "--files", paramLabel = "GLOB",
            description = "Extract only matching paths (a directory takes its contents); repeatable.")
    List<String> files = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB",
            description = "Leave out matching paths; without a '/' the glob matches any single name. Repeatable.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--strip-components", paramLabel = "N", defaultValue = "0",
            description = "Drop the first N names of every path (default: ${DEFAULT-VALUE}).")
    int stripComponents;

    @Option(names = "--partial", description = "Go on past chunks that cannot be recovered and extract everything"
            + " else (exit code 3 when something was lost).")
    boolean partial;

    @Option(names = "--force", description = "Replace files that already exist in DIR.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        ExtractOptions options;
        try {
            options = new ExtractOptions(files, excludes, stripComponents, partial, force);
            io.ectar.archive.PathFilter.validate(files, excludes);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
        if (ReportFile.isStdout(output)) {
            throw new CommandLine.ParameterException(cli, "-o -: extract writes files into a directory, never to"
                    + " standard output; give a directory (-o ./- for one named '-')");
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new CommandLine.ParameterException(cli, output + ": not a directory; -o takes the directory to"
                    + " extract into (created when missing)");
        }
        ExtractResult r;
        boolean indexRebuilt;
        try (Archive archive = archiveInput.open(spec.commandLine(), false)) {
            archive.indexProblems().forEach(p -> LOG.warn("{}", p));
            indexRebuilt = archive.indexOrigin() == IndexOrigin.SHARDS;
            r = new Extractor(archive, options, TerminalProgress.forCommand(cli.getErr(), false)).extract(output);
        }
        for (ChunkHealth h : r.repairedChunks()) {
            LOG.warn("chunk {} repaired: {}", h.chunk(), h.describe());
        }
        LOG.info("extracted {} entries ({}) into {}", r.extracted(), HumanSize.format(r.fileBytes()), output);
        PrintWriter err = cli.getErr();
        // Like GNU tar: each --files glob that took nothing is named, and the exit code is 2.
        r.notFound().forEach(glob -> err.println("ectar extract: " + glob + ": Not found in archive"));
        if (!r.refused().isEmpty()) {
            err.println("ectar extract: " + r.refused().size() + " entr" + (r.refused().size() == 1 ? "y was"
                    : "ies were") + " refused (see the warnings above)");
            return ExitStatus.FAILURE.code();
        }
        if (!r.notFound().isEmpty()) {
            return ExitStatus.USAGE.code();
        }
        if (r.lostSomething()) {
            err.println("ectar extract: " + r.lostChunks().size() + " chunk(s) could not be recovered; "
                    + r.lost().size() + " entr" + (r.lost().size() == 1 ? "y is" : "ies are") + " missing or incomplete");
            return ExitStatus.DAMAGED.code();
        }
        List<String> repaired = new ArrayList<>();
        if (!r.repairedChunks().isEmpty()) {
            repaired.add(r.repairedChunks().size() + " chunk(s) with missing or bad shards, read from the others");
        }
        if (indexRebuilt) {
            repaired.add("the index rebuilt from its shards");
        }
        if (!repaired.isEmpty()) {
            err.println("ectar extract: the archive is damaged, but everything was recovered (" + String.join(", ",
                    repaired) + "); run 'ectar verify' and consider writing a fresh copy");
            return ExitStatus.DAMAGED.code();
        }
        return ExitStatus.OK.code();
    }
}
