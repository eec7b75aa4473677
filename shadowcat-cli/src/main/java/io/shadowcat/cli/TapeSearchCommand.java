package io.shadowcat.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.Shadowcat;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.TapeJson;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shadowcat tape search QUERY}: tapes matching words, phrases and filters, best first. */
@Command(name = "search", description = {"Search tapes, best match first.", "",
        "Query syntax (every part must match; quote the query for your shell):",
        "  word         occurs somewhere in the tape: a message key or value, a",
        "               method or tool name, the tape's name, description or",
        "               tags; case-insensitive, also inside longer words (weath",
        "               finds weather); words may match in different frames",
        "  \"a phrase\"   occurs as written, within one value",
        "  method:M     a frame has JSON-RPC method M, e.g. method:tools/call",
        "  tool:NAME    a tools/call request calls tool NAME",
        "  tag:T        the tape has tag T (repeat: all required)",
        "  session:ID   the tape recorded session ID",
        "  status:S     recording, paused, finalized or error",
        "  after:DATE   created at or after DATE: YYYY-MM-DD (midnight UTC)",
        "               or an instant such as 2026-01-31T12:00:00Z",
        "  before:DATE  created before DATE",
        "Without words or phrases, matching tapes are listed newest first.",
        "Each hit lists the frames whose message matched. Example:",
        "  shadowcat tape search '\"tool call failed\" tool:get_forecast tag:prod'", ""})
final class TapeSearchCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "QUERY", arity = "0..*", description = "The query (several arguments are joined by spaces).")
    List<String> query = List.of();

    @Option(names = "--limit", paramLabel = "N", description = "At most N hits (default: ${DEFAULT-VALUE}).")
    int limit = TapeQuery.DEFAULT_LIMIT;

    @Option(names = "--offset", paramLabel = "N", description = "Skip the first N hits.")
    int offset;

    @Override
    public Integer call() {
        if (limit < 1 || offset < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1 and --offset at least 0");
        }
        SearchQuery q = SearchQuery.parse(String.join(" ", query), offset, limit);
        GlobalOptions global = GlobalOptions.of(spec);
        try (Shadowcat shadowcat = global.open(OpenMode.EXISTING)) {
            TapeStorageBackend storage = shadowcat.storage();
            Page<SearchHit> page = storage.search(q);
            if (global.json()) {
                ObjectNode n = TapeJson.mapper().createObjectNode();
                n.put("total", page.total()).put("offset", page.offset()).put("limit", page.limit());
                ArrayNode hits = n.putArray("hits");
                for (SearchHit h : page.items()) {
                    ObjectNode hit = hits.addObject();
                    hit.put("score", h.score());
                    hit.set("tape", Output.summary(h.tape()));
                    ArrayNode seqs = hit.putArray("frames");
                    h.frameSeqs().forEach(seqs::add);
                }
                Output.json(spec.commandLine().getOut(), n);
                return ExitCode.OK;
            }
            Output.Table t = new Output.Table("ID", "SCORE", "NAME", "STATUS", "CREATED", "MATCHING FRAMES");
            for (SearchHit h : page.items()) {
                t.row(h.tape().id(), String.format(java.util.Locale.ROOT, "%.1f", h.score()), h.tape().name(),
                        h.tape().status().wireName(), TapeJson.formatInstant(h.tape().createdAt()),
                        h.frameSeqs().stream().limit(10).map(String::valueOf).collect(Collectors.joining(","))
                                + (h.frameSeqs().size() > 10 ? ",..." : ""));
            }
            t.print(spec.commandLine().getOut());
            if (page.hasMore()) {
                spec.commandLine().getErr().println("(" + page.items().size() + " of " + page.total()
                        + " hits; use --offset and --limit for more)");
            }
        }
        return ExitCode.OK;
    }
}
