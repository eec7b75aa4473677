package io.ectar.cli;

import io.ectar.archive.Archive;
import io.ectar.archive.DirectoryShardSource;
import io.ectar.archive.PathFilter;
import io.ectar.format.ArchiveIndex;
import io.ectar.format.IndexEntry;
import io.ectar.tape.TapeCatalog;
import io.ectar.tape.TapeDirectory;
import io.ectar.tape.TapeShardSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ectar locate -i INPUT PATH...}: which cartridges of a tape set hold the given files, so an
 * operator fetches only those: any k tapes' worth, the tapes chosen to need the fewest cartridges.
 */
@Command(name = "locate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Say which tape cartridges (volumes) are needed to restore PATHs of a tape set, from its"
                + " catalog: the local copy (-i BASE, written by create -o) or the tapes' last volumes."})
final class LocateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ArchiveInput archiveInput;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Archived paths or globs (a directory takes its contents).")
    List<String> paths = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        CommandLine cli = spec.commandLine();
        PathFilter filter;
        try {
            filter = new PathFilter(paths, List.of());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
        PrintWriter out = cli.getOut();
        try (Archive archive = archiveInput.open(cli, false)) {
            TapeDirectory catalog = catalog(cli, archive);
            ArchiveIndex index = archive.index().orElseThrow(() -> new CommandLine.ParameterException(cli,
                    "the archive has no index: locate needs it to know which chunks hold which files"));
            SortedSet<Integer> chunks = new TreeSet<>();
            long entries = 0;
            IndexEntry pending = null;
            for (IndexEntry e : index.entries()) {
                if (pending != null) {
                    chunks.addAll(TapeCatalog.chunksFor(index.chunks(), pending.offset(), e.offset()));
                    pending = null;
                }
                if (filter.accepts(e.path())) {
                    pending = e;
                    entries++;
                }
            }
            if (pending != null) {
                chunks.addAll(TapeCatalog.chunksFor(index.chunks(), pending.offset(), index.uncompressedLength()));
            }
            for (String unmatched : filter.unmatchedIncludes()) {
                cli.getErr().println("ectar locate: nothing in the archive matches " + unmatched);
            }
            if (chunks.isEmpty()) {
                return ExitStatus.FAILURE.code();
            }
            TapeCatalog.Plan plan = TapeCatalog.locate(catalog, chunks);
            out.println(entries + " entr" + (entries == 1 ? "y" : "ies") + " in " + chunks.size() + " chunk(s) ("
                    + chunks.first() + "-" + chunks.last() + "): load these " + plan.volumes().size()
                    + " cartridge(s) of set " + catalog.setId() + ", from tapes " + plan.tapes() + " (any "
                    + catalog.dataShards() + " tapes restore):");
            for (TapeDirectory.Volume v : plan.volumes()) {
                out.println("  " + v.describe());
            }
            plan.problems().forEach(p -> cli.getErr().println("ectar locate: " + p));
            out.flush();
            return plan.problems().isEmpty() ? ExitStatus.OK.code() : ExitStatus.FAILURE.code();
        }
    }

    /** The catalog: from the tapes when reading them, else the file next to the local index. */
    private static TapeDirectory catalog(CommandLine cli, Archive archive) throws IOException {
        if (archive.source() instanceof TapeShardSource tapes) {
            return tapes.reader().directory();
        }
        if (archive.source() instanceof DirectoryShardSource dir) {
            try {
                return TapeCatalog.read(TapeCatalog.path(dir.directory(), dir.base()));
            } catch (NoSuchFileException e) {
                throw new CommandLine.ParameterException(cli, "no tape catalog " + e.getFile() + ": locate works on"
                        + " a tape set, given by its local copy (create --tape-devices ... -o BASE) or its tapes");
            }
        }
        throw new CommandLine.ParameterException(cli, "locate works on a tape set");
    }
}
