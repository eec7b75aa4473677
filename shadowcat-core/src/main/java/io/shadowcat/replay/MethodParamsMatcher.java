package io.shadowcat.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link MatchMode#METHOD_PARAMS}: same method and params, ignoring {@code _meta}; repeated identical
 * calls take the recorded responses in order, then keep the last. An {@code initialize} that matches
 * none falls back to the recorded one, since client names and versions change between runs.
 */
final class MethodParamsMatcher implements Matcher {

    /** The recorded turns of one method and params, used in order. */
    private static final class Calls {
        final List<ClientTurn> turns = new ArrayList<>();
        int next;

        ClientTurn take() {
            ClientTurn turn = turns.get(Math.min(next, turns.size() - 1));
            next++;
            return turn;
        }
    }

    private final JsonEquivalence equivalence = new JsonEquivalence(true);
    private final Map<String, Calls> exact = new HashMap<>();
    /** Turns with masked params, which a hash cannot find: compared one by one. */
    private final Map<String, Map<String, Calls>> masked = new HashMap<>();
    private final Map<String, Integer> recordedPerMethod = new HashMap<>();
    private ClientTurn firstInitialize;

    MethodParamsMatcher(RecordedSession session) {
        for (ClientTurn turn : session.requests) {
            recordedPerMethod.merge(turn.method, 1, Integer::sum);
            if (firstInitialize == null && "initialize".equals(turn.method)) {
                firstInitialize = turn;
            }
            if (equivalence.hasMask(turn.params)) {
                masked.computeIfAbsent(turn.method, m -> new LinkedHashMap<>())
                        .computeIfAbsent(equivalence.key(turn.params), k -> new Calls()).turns.add(turn);
            } else {
                exact.computeIfAbsent(turn.method + '\n' + equivalence.key(turn.params), k -> new Calls()).turns.add(turn);
            }
        }
    }

    @Override
    public Result match(String method, JsonNode params) {
        Calls calls = exact.get(method + '\n' + equivalence.key(params));
        if (calls == null) {
            for (Calls candidate : masked.getOrDefault(method, Map.of()).values()) {
                if (equivalence.matches(candidate.turns.get(0).params, params)) {
                    calls = candidate;
                    break;
                }
            }
        }
        if (calls != null) {
            return Result.found(calls.take());
        }
        if ("initialize".equals(method) && firstInitialize != null) {
            return Result.found(firstInitialize);
        }
        int sameMethod = recordedPerMethod.getOrDefault(method, 0);
        return Result.missed("no recorded response for " + method + " with params " + Matcher.show(params)
                + (sameMethod == 0 ? ": the tape has no " + method + " request"
                        : ": the tape has " + sameMethod + " " + method + " request(s), none with these params")
                + " (match: method_params)");
    }
}
