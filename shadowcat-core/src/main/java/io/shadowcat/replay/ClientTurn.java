package io.shadowcat.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One message the client sent on the tape, with what the server sent on its own initiative before the
 * client's next message (notifications, server requests), and, for a request, the response.
 */
final class ClientTurn {

    final String method;
    final JsonNode params;
    final long ts;
    /** Position in the tape among the client's requests, from 0; -1 for notifications. */
    final int requestIndex;
    final List<TimedMessage> serverMessages = new ArrayList<>();
    ObjectNode response;
    /** The response's text as recorded. */
    String responseText;
    long responseTs;
    /** The transport metadata of the response's frame, or null. */
    JsonNode responseTransport;
    /** How many of {@link #serverMessages} the server sent before the response. */
    int responsePosition;
    /** The client cancelled this request ({@code notifications/cancelled}) before any response. */
    boolean cancelled;

    ClientTurn(String method, JsonNode params, long ts, int requestIndex) {
        this.method = method;
        this.params = params;
        this.ts = ts;
        this.requestIndex = requestIndex;
    }

    boolean isRequest() {
        return requestIndex >= 0;
    }

    void answer(ObjectNode message, String text, long ts, JsonNode transport) {
        response = message;
        responseText = text;
        responseTs = ts;
        responseTransport = transport;
        responsePosition = serverMessages.size();
    }
}
