package io.shadowcat.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link MatchMode#SEQUENTIAL}: the next recorded request of the same method, params not compared. */
final class SequentialMatcher implements Matcher {

    private final Map<String, List<ClientTurn>> byMethod = new HashMap<>();
    private final Map<String, Integer> used = new HashMap<>();

    SequentialMatcher(RecordedSession session) {
        for (ClientTurn turn : session.requests) {
            byMethod.computeIfAbsent(turn.method, m -> new ArrayList<>()).add(turn);
        }
    }

    @Override
    public Result match(String method, JsonNode params) {
        List<ClientTurn> turns = byMethod.getOrDefault(method, List.of());
        int next = used.merge(method, 1, Integer::sum) - 1;
        if (next < turns.size()) {
            return Result.found(turns.get(next));
        }
        return Result.missed("no recorded response left for " + method + ": the tape has " + turns.size()
                + " and this is call " + (next + 1) + " (match: sequential)");
    }
}
