package io.shadowcat.storage;

import java.util.List;

/**
 * A tape that matched a search.
 *
 * @param score relevance, higher is better; providers without ranking use 0
 * @param frameSeqs the frames that matched the text, ascending, possibly truncated; empty when only
 *     filters matched
 */
public record SearchHit(TapeSummary tape, double score, List<Long> frameSeqs) {

    public SearchHit {
        frameSeqs = frameSeqs == null ? List.of() : List.copyOf(frameSeqs);
    }
}
