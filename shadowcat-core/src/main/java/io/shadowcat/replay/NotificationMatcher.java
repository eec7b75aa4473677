package io.shadowcat.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the recorded client notification a live one repeats (same method and params, ignoring
 * {@code _meta}; each recorded one used once, in order; cancellations by method alone), so that what the
 * server sent after it on the tape is sent again.
 */
final class NotificationMatcher {

    private final JsonEquivalence equivalence = new JsonEquivalence(true);
    private final Map<String, Deque<ClientTurn>> unused = new HashMap<>();

    NotificationMatcher(RecordedSession session) {
        for (ClientTurn turn : session.notifications) {
            unused.computeIfAbsent(key(turn.method, turn.params), k -> new ArrayDeque<>()).add(turn);
        }
    }

    /** The recorded notification, or null when the tape has no (more) such notification. */
    ClientTurn match(String method, JsonNode params) {
        Deque<ClientTurn> turns = unused.get(key(method, params));
        return turns == null ? null : turns.poll();
    }

    private String key(String method, JsonNode params) {
        // A cancellation names the client's own request id (and a reason) that differ from run to run: one
        // matches the next recorded cancellation, in order.
        if ("notifications/cancelled".equals(method)) {
            return method;
        }
        return method + '\n' + equivalence.key(params);
    }
}
