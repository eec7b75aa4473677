package io.shadowcat.storage.support;

import io.shadowcat.tape.TapeId;
import java.util.stream.Stream;
import java.util.function.Function;
import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.tape.Frame;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.TapeSummary;

/**
 * The meaning of a {@link SearchQuery}, for providers that search without a query engine of their own
 * (the built-in ones do; a database-backed provider may translate the query instead, but must give the
 * same answers).
 *
 * <ul>
 *   <li>{@code tag:}, {@code session:}, {@code status:}, {@code after:} and {@code before:} filter on the
 *       tape's summary ({@code after} inclusive, {@code before} exclusive, on the creation time);
 *   <li>{@code method:} and {@code tool:} need a frame with that JSON-RPC method, or a {@code tools/call} of
 *       that tool;
 *   <li>each bare word and quoted phrase must occur, case-insensitively, somewhere in the tape: its name,
 *       description or tags, a method or tool name, or a string value (or key) of a message.
 * </ul>
 *
 * <p>Usage: {@link #filtersMatch} on a summary, then {@link #begin} a {@link Match}, feed it frames while it
 * {@link Match#needsFrames() needs them}, and take its {@link Match#result()}. Finally {@link #page} sorts
 * the hits (best score first, then newest) and cuts the page. A matcher is immutable; a match is not
 * thread-safe.
 */
public final class TapeSearchMatcher {

    /** At most this many matching frame seqs are reported per hit. */
    public static final int MAX_FRAME_SEQS = 100;

    private final SearchQuery query;
    private final List<String> needles;

    public TapeSearchMatcher(SearchQuery query) {
        this.query = query;
        List<String> all = new ArrayList<>();
        query.terms().forEach(t -> all.add(fold(t)));
        query.phrases().forEach(p -> all.add(fold(p)));
        this.needles = List.copyOf(all);
    }

    public SearchQuery query() {
        return query;
    }

    /**
     * The query's words and phrases, folded as {@link #messageText} and {@link #tapeText} are: a tape matches
     * when each of them is a substring of its tape text or of some frame's message text.
     */
    public List<String> needles() {
        return needles;
    }

    /**
     * The text a message's words and phrases are matched in, folded (lower case, {@link Locale#ROOT}): every
     * key and every string, number and boolean value, each followed by a line break so a phrase never spans
     * two values. A provider with a text index stores this and matches {@link #needles} in it.
     */
    public static String messageText(JsonNode message) {
        StringBuilder text = new StringBuilder(256);
        collectText(message, text);
        return fold(text.toString());
    }

    /** The tape's own text (name, description, tags), folded and laid out as {@link #messageText}. */
    public static String tapeText(String name, String description, Collection<String> tags) {
        StringBuilder meta = new StringBuilder();
        append(meta, name);
        append(meta, description);
        tags.forEach(t -> append(meta, t));
        return fold(meta.toString());
    }

    /**
     * A hit's score: one per frame that holds any needle, five per needle the tape text holds. When the tape
     * text holds every needle no frame is looked at ({@code matchedFrames} is then 0 and no seqs are reported).
     */
    public static double score(int matchedFrames, int tapeTextMatches) {
        return matchedFrames + 5.0 * tapeTextMatches;
    }

    private static String fold(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** True when the summary passes the summary filters (tags, session, status, after, before). */
    public boolean filtersMatch(TapeSummary tape) {
        return (query.status() == null || query.status() == tape.status())
                && (query.session() == null || query.session().equals(tape.sessionId()))
                && (query.after() == null || !tape.createdAt().isBefore(query.after()))
                && (query.before() == null || tape.createdAt().isBefore(query.before()))
                && (query.tags().isEmpty() || tape.tags().containsAll(query.tags()));
    }

    /**
     * Starts matching a tape that passed {@link #filtersMatch}.
     *
     * @param description the tape's description, or null
     * @param methods every method the tape's frames use, or null when not known (frames will be needed);
     *     never a partial list
     * @param tools every tool the tape calls, or null when not known; never a partial list
     */
    public Match begin(TapeSummary tape, String description, Collection<String> methods, Collection<String> tools) {
        return new Match(tape, description, methods, tools, null);
    }

    /**
     * Starts matching a tape whose message text is summed up by {@code signature} (may be null): words the
     * signature rules out need no frames to be read.
     */
    public Match begin(TapeSummary tape, String description, Collection<String> methods, Collection<String> tools,
                       TextSignature signature) {
        return new Match(tape, description, methods, tools, signature);
    }

    /**
     * The whole search for a provider without a search index: every tape whose filters match is matched
     * against its description and, only when that does not decide it, its frames. A tape deleted meanwhile
     * ({@link io.shadowcat.storage.TapeNotFoundException} from either function) is left out.
     *
     * @param tapes       every tape, as reported
     * @param description a tape's description (may be null)
     * @param frames      a tape's frames, closed after use
     */
    public Page<SearchHit> scan(Iterable<TapeSummary> tapes, Function<TapeSummary, String> description,
                                Function<TapeId, Stream<Frame>> frames) {
        List<SearchHit> hits = new ArrayList<>();
        for (TapeSummary s : tapes) {
            if (!filtersMatch(s)) {
                continue;
            }
            try {
                Match m = begin(s, description.apply(s), null, null);
                if (m.needsFrames()) {
                    try (Stream<Frame> f = frames.apply(s.id())) {
                        f.forEach(m::accept);
                    }
                }
                m.result().ifPresent(hits::add);
            } catch (io.shadowcat.storage.TapeNotFoundException deletedMeanwhile) {
                // gone since it was listed
            }
        }
        return page(hits);
    }

    /** Sorts hits (score, then newest, then id) and returns the query's page of them. */
    public Page<SearchHit> page(List<SearchHit> hits) {
        List<SearchHit> sorted = new ArrayList<>(hits);
        sorted.sort(Comparator.comparingDouble(SearchHit::score).reversed()
                .thenComparing(h -> h.tape(), TapeQuery.NEWEST_FIRST));
        return Page.of(sorted, query.offset(), query.limit());
    }

    /** The progress of matching one tape. */
    public final class Match {
        private final TapeSummary tape;
        private final boolean[] found = new boolean[needles.size()];
        private boolean methodFound;
        private boolean toolFound;
        private final boolean ruledOut;
        private final List<Long> seqs = new ArrayList<>();
        private int matchedFrames;
        private int metadataMatches;

        private Match(TapeSummary tape, String description, Collection<String> methods, Collection<String> tools,
                      TextSignature signature) {
            this.tape = tape;
            methodFound = query.method() == null || (methods != null && methods.contains(query.method()));
            toolFound = query.tool() == null || (tools != null && tools.contains(query.tool()));
            boolean ruled = (!methodFound && methods != null) || (!toolFound && tools != null);
            if (needles.isEmpty()) {
                ruledOut = ruled;
                return;
            }
            StringBuilder meta = new StringBuilder();
            append(meta, tape.name());
            append(meta, description);
            tape.tags().forEach(t -> append(meta, t));
            if (methods != null) {
                methods.forEach(m -> append(meta, m));
            }
            if (tools != null) {
                tools.forEach(t -> append(meta, t));
            }
            String text = fold(meta.toString());
            for (int i = 0; i < needles.size(); i++) {
                if (text.contains(needles.get(i))) {
                    found[i] = true;
                    metadataMatches++;
                } else if (signature != null && !signature.mightContain(needles.get(i))) {
                    ruled = true; // neither the metadata nor any message has it
                }
            }
            ruledOut = ruled;
        }

        /** True while the answer depends on frames not yet seen. */
        public boolean needsFrames() {
            return !ruledOut && (!methodFound || !toolFound || !allFound());
        }

        /** Looks at one frame of the tape. */
        public void accept(Frame frame) {
            if (!methodFound && query.method().equals(frame.method())) {
                methodFound = true;
            }
            if (!toolFound && query.tool().equals(frame.toolName())) {
                toolFound = true;
            }
            if (needles.isEmpty()) {
                return;
            }
            String haystack = messageText(frame.message());
            boolean any = false;
            for (int i = 0; i < needles.size(); i++) {
                if (haystack.contains(needles.get(i))) {
                    found[i] = true;
                    any = true;
                }
            }
            if (any) {
                matchedFrames++;
                if (seqs.size() < MAX_FRAME_SEQS) {
                    seqs.add(frame.seq());
                }
            }
        }

        /** The hit, or empty when the tape does not match. */
        public Optional<SearchHit> result() {
            if (ruledOut || !methodFound || !toolFound || !allFound()) {
                return Optional.empty();
            }
            return Optional.of(new SearchHit(tape, score(matchedFrames, metadataMatches), seqs));
        }

        private boolean allFound() {
            for (boolean f : found) {
                if (!f) {
                    return false;
                }
            }
            return true;
        }
    }

    private static void append(StringBuilder out, String s) {
        if (s != null) {
            out.append(s).append('\n');
        }
    }

    // String values and keys of a message, one per line, so a phrase never spans two values.
    private static void collectText(JsonNode node, StringBuilder out) {
        if (node.isTextual()) {
            out.append(node.textValue()).append('\n');
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.append(e.getKey()).append('\n');
                collectText(e.getValue(), out);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectText(child, out));
        } else if (node.isNumber() || node.isBoolean()) {
            out.append(node.asText()).append('\n');
        }
    }
}
