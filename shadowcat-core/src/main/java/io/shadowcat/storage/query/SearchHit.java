package io.shadowcat.storage.query;

import java.util.List;
import io.shadowcat.storage.TapeSummary;

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
