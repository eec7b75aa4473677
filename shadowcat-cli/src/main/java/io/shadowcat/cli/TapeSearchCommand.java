package io.shadowcat.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.storage.Page;
import io.shadowcat.storage.SearchHit;
import io.shadowcat.storage.SearchQuery;
import io.shadowcat.storage.TapeQuery;
import io.shadowcat.storage.TapeStorageBackend;
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
@Command(name = "search", description = {"Search tapes, best match first. Query syntax:",
        "  words \"exact phrase\" method:tools/call tool:NAME tag:T session:ID status:S after:DATE before:DATE"})
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
        try (TapeStorageBackend storage = global.openStorage()) {
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
