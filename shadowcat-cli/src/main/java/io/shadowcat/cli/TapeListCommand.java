package io.shadowcat.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.Shadowcat;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeStatus;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import io.shadowcat.storage.layer.LegalHold;
import io.shadowcat.storage.layer.TapeLifecycle;
import io.shadowcat.tape.TapeId;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shadowcat tape list}: the stored tapes, newest first. */
@Command(name = "list", description = "List tapes, newest first.")
final class TapeListCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--limit", paramLabel = "N", description = "At most N tapes (default: ${DEFAULT-VALUE}).")
    int limit = TapeQuery.DEFAULT_LIMIT;

    @Option(names = "--offset", paramLabel = "N", description = "Skip the first N matches.")
    int offset;

    @Option(names = "--tag", paramLabel = "TAG", description = "Only tapes with this tag (repeatable: all must match).")
    List<String> tags = List.of();

    @Option(names = "--status", paramLabel = "STATUS", description = "Only tapes in this state: recording, paused, finalized, error.")
    String status;

    @Option(names = "--session", paramLabel = "ID", description = "Only tapes of this session.")
    String session;

    @Option(names = "--name", paramLabel = "TEXT", description = "Only tapes whose name contains TEXT (any case).")
    String name;

    @Option(names = "--after", paramLabel = "DATE", description = "Only tapes created at or after DATE (YYYY-MM-DD or ISO-8601).")
    String after;

    @Option(names = "--before", paramLabel = "DATE", description = "Only tapes created before DATE.")
    String before;

    @Override
    public Integer call() {
        if (limit < 1 || offset < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1 and --offset at least 0");
        }
        // The search syntax parses dates and statuses with the same messages everywhere.
        var dates = io.shadowcat.storage.query.SearchQuery.parse((after == null ? "" : "after:" + after)
                + (before == null ? "" : " before:" + before));
        TapeQuery query = new TapeQuery(new LinkedHashSet<>(tags), status == null ? null : TapeStatus.parse(status),
                session, name, dates.after(), dates.before(), offset, limit);
        GlobalOptions global = GlobalOptions.of(spec);
        try (Shadowcat shadowcat = global.open(OpenMode.EXISTING)) {
            TapeStorageBackend storage = shadowcat.storage();
            Page<TapeSummary> page = storage.list(query);
            TapeLifecycle lifecycle = Lifecycles.of(storage);
            print(global, spec.commandLine().getOut(), page, lifecycle, lifecycle.holds());
            if (!global.json() && page.hasMore()) {
                spec.commandLine().getErr().println("(" + page.items().size() + " of " + page.total()
                        + " tapes; use --offset and --limit for more)");
            }
        }
        return ExitCode.OK;
    }

    private static void print(GlobalOptions global, PrintWriter out, Page<TapeSummary> page, TapeLifecycle lifecycle,
                              Map<TapeId, LegalHold> holds) {
        if (global.json()) {
            ObjectNode n = TapeJson.mapper().createObjectNode();
            n.put("total", page.total()).put("offset", page.offset()).put("limit", page.limit());
            ArrayNode tapes = n.putArray("tapes");
            for (TapeSummary s : page.items()) {
                ObjectNode o = Output.summary(s);
                lifecycle.lockedUntil(s).ifPresent(u -> o.put("locked_until", TapeJson.formatInstant(u)));
                if (holds.containsKey(s.id())) {
                    o.put("held", true);
                }
                tapes.add(o);
            }
            Output.json(out, n);
            return;
        }
        // The state column only where there is a lock or a hold: most storages have neither.
        boolean state = lifecycle.retentionLock().isPresent() || !holds.isEmpty();
        Output.Table t = state
                ? new Output.Table("ID", "NAME", "STATUS", "FRAMES", "DURATION", "SIZE", "CREATED", "TAGS", "RETENTION")
                : new Output.Table("ID", "NAME", "STATUS", "FRAMES", "DURATION", "SIZE", "CREATED", "TAGS");
        for (TapeSummary s : page.items()) {
            Object[] row = {s.id(), s.name(), s.status().wireName(), s.frameCount(), Output.duration(s.durationMs()),
                    Output.bytes(s.sizeBytes()), TapeJson.formatInstant(s.createdAt()), String.join(",", s.tags()),
                    Lifecycles.text(lifecycle, holds, s)};
            t.row(state ? row : java.util.Arrays.copyOf(row, 8));
        }
        t.print(out);
    }
}
