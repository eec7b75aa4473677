package io.shadowcat.replay;

import com.fasterxml.jackson.databind.JsonNode;

/** Finds the recorded turn that answers a client's request, under one {@link MatchMode}. */
sealed interface Matcher permits MethodParamsMatcher, SequentialMatcher, StrictMatcher {

    /** A found turn, or why none was found (the text of the error the client gets). */
    record Result(ClientTurn turn, String miss) {
        static Result found(ClientTurn turn) {
            return new Result(turn, null);
        }

        static Result missed(String why) {
            return new Result(null, why);
        }
    }

    /** Called once per client request, in arrival order. */
    Result match(String method, JsonNode params);

    static Matcher of(MatchMode mode, RecordedSession session) {
        switch (mode) {
            case SEQUENTIAL:
                return new SequentialMatcher(session);
            case STRICT:
                return new StrictMatcher(session);
            default:
                return new MethodParamsMatcher(session);
        }
    }

    /** Params for an error message: short and on one line. */
    static String show(JsonNode params) {
        String text = params == null ? "{}" : params.toString();
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
