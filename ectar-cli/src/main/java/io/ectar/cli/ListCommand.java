package io.ectar.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import static io.ectar.archive.FileNames.Escaping.LISTING;

import io.ectar.archive.Archive;
import io.ectar.archive.ChunkHealth;
import io.ectar.archive.FileNames;
import io.ectar.archive.Listing;
import io.ectar.archive.PathFilter;
import io.ectar.format.EntryType;
import io.ectar.format.IndexEntry;
import io.ectar.format.IndexJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ectar list}: the entries of an archive, from its index or, without one, from its shards. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the entries of an archive.",
            "Uses the index; without one, reads every chunk (and computes the file hashes)."})
final class ListCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ListCommand.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    static final List<String> CSV_COLUMNS = List.of("path", "type", "size", "mode", "mtime", "uid", "gid", "user",
            "group", "link_target", "sha256");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ArchiveInput archiveInput;

    @Option(names = "--long", description = "Text format: mode, owner, size, time (UTC) and link target, like"
            + " 'tar -tv'.")
    boolean longFormat;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json (an array of entry objects) or csv (RFC 4180 with a header row)"
                    + " (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--files", paramLabel = "GLOB", description = "List only matching paths; repeatable.")
    List<String> files = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        PathFilter filter;
        try {
            filter = new PathFilter(files, List.of());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
        Listing listing;
        PrintWriter out = cli.getOut();
        // Printed as they come: an archive of ten million entries is listed in bounded memory.
        try (Archive archive = archiveInput.open(spec.commandLine(), false)) {
            archive.indexProblems().forEach(p -> LOG.warn("{}", p));
            switch (format) {
                case json -> {
                    JsonArray array = new JsonArray(out);
                    listing = archive.list(filter, array::add);
                    array.end();
                }
                case csv -> {
                    Csv csv = new Csv(out);
                    csv.record(CSV_COLUMNS);
                    listing = archive.list(filter, e -> csvRecord(csv, e));
                }
                default -> listing = archive.list(filter,
                        e -> out.println(longFormat ? longLine(e) : FileNames.escaped(e.path(), LISTING)));
            }
        }
        out.flush();
        if (!listing.complete()) {
            for (ChunkHealth h : listing.lostChunks()) {
                LOG.error("chunk {} cannot be recovered: {}", h.chunk(), h.describe());
            }
            cli.getErr().println("ectar list: the listing is incomplete: part of the archive cannot be recovered");
            return ExitStatus.FAILURE.code();
        }
        // Like GNU tar -t: each --files glob that matched nothing is named, and the exit code is 2.
        List<String> notFound = filter.unmatchedIncludes();
        notFound.forEach(glob -> cli.getErr().println("ectar list: " + glob + ": Not found in archive"));
        if (!notFound.isEmpty()) {
            return ExitStatus.USAGE.code();
        }
        return ExitStatus.OK.code();
    }

    /** A JSON array with one entry object per line, printed entry by entry. */
    private static final class JsonArray {
        private final PrintWriter out;
        private long count;

        JsonArray(PrintWriter out) {
            this.out = out;
            out.print("[");
        }

        void add(IndexEntry e) throws java.io.IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JsonGenerator g = IndexJson.generator(bytes)) {
                IndexJson.writeEntry(g, e, false);
            }
            out.print((count++ == 0 ? "\n" : ",\n") + bytes.toString(StandardCharsets.UTF_8));
        }

        void end() {
            out.println(count == 0 ? "]" : "\n]");
        }
    }

    private static void csvRecord(Csv csv, IndexEntry e) {
        csv.record(java.util.Arrays.asList(e.path(), e.type().jsonName(), String.valueOf(e.size()), e.octalMode(),
                e.mtime().toString(), String.valueOf(e.uid()), String.valueOf(e.gid()), e.user(), e.group(),
                e.linkTarget(), e.sha256()));
    }

    private static String longLine(IndexEntry e) {
        String owner = (e.user() == null ? String.valueOf(e.uid()) : e.user()) + "/"
                + (e.group() == null ? String.valueOf(e.gid()) : e.group());
        String line = String.format("%s %-17s %12d %s %s", permissions(e), owner, e.size(), TIME.format(e.mtime()),
                FileNames.escaped(e.path(), LISTING));
        if (e.type() == EntryType.SYMLINK) {
            line += " -> " + FileNames.escaped(e.linkTarget(), LISTING);
        } else if (e.type() == EntryType.HARDLINK) {
            line += " link to " + FileNames.escaped(e.linkTarget(), LISTING);
        }
        return line;
    }

    private static String permissions(IndexEntry e) {
        char type = switch (e.type()) {
            case DIRECTORY -> 'd';
            case SYMLINK -> 'l';
            case HARDLINK -> 'h';
            case FILE -> '-';
        };
        StringBuilder s = new StringBuilder().append(type);
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((e.mode() & (0400 >> i)) != 0 ? rwx.charAt(i) : '-');
        }
        return s.toString();
    }
}
