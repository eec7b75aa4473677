package io.shadowcat.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@link MatchMode#STRICT}: the client must send the tape's requests in the tape's order with the same
 * method and params ({@code _meta} included); only ids may differ. A miss does not advance the tape.
 */
final class StrictMatcher implements Matcher {

    private final JsonEquivalence equivalence = new JsonEquivalence(false);
    private final List<ClientTurn> requests;
    private int next;

    StrictMatcher(RecordedSession session) {
        this.requests = session.requests;
    }

    @Override
    public Result match(String method, JsonNode params) {
        if (next >= requests.size()) {
            return Result.missed("no recorded response for " + method + ": the tape's " + requests.size()
                    + " requests were all answered (match: strict)");
        }
        ClientTurn expected = requests.get(next);
        if (expected.method.equals(method) && equivalence.matches(expected.params, params)) {
            next++;
            return Result.found(expected);
        }
        return Result.missed("no recorded response for " + method + " with params " + Matcher.show(params)
                + ": request " + (next + 1) + " of the tape is " + expected.method + " with params "
                + Matcher.show(expected.params) + " (match: strict)");
    }
}
