package io.shadowcat.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.internal.JsonText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tape read as a conversation: the client's requests and notifications in order, each with the server
 * messages it caused. Responses are paired by id (the server may answer out of order). Anything else the
 * server sent (notifications, its own requests) belongs to the request it was working on: the one whose
 * progress token it names, else the oldest request still unanswered at that point of the tape (clients
 * send ahead, so the latest client message is not necessarily the cause), else the latest client message.
 * A request the client cancelled ({@code notifications/cancelled}) stops waiting there. Frames that are not JSON objects (text noted by the recorder) are skipped.
 */
final class RecordedSession {

    /** Server messages sent before the client's first message. */
    final ClientTurn preamble = new ClientTurn(null, null, 0, -1);
    final List<ClientTurn> requests = new ArrayList<>();
    final List<ClientTurn> notifications = new ArrayList<>();
    /** The client's lines that were not JSON, in order, each with what the server sent after it. */
    final List<ClientTurn> textLines = new ArrayList<>();

    static RecordedSession of(Tape tape) {
        RecordedSession session = new RecordedSession();
        List<Frame> frames = new ArrayList<>(tape.frames());
        frames.sort(Comparator.comparingLong(Frame::seq));
        Map<String, ClientTurn> awaiting = new LinkedHashMap<>(); // oldest first
        Map<String, TimedMessage> early = new HashMap<>(); // responses a recorder wrote before their request
        ClientTurn current = session.preamble;
        for (Frame frame : frames) {
            JsonNode message = frame.message();
            List<JsonNode> elements = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            if (message.isArray()) {
                message.forEach(elements::add);
                texts.addAll(JsonText.elements(frame.text()));
            } else {
                elements.add(message);
                texts.add(frame.text());
            }
            if (!message.isObject() && !message.isArray() && frame.direction() == Direction.CLIENT_TO_SERVER) {
                // A line the client sent that was not JSON (the recorder kept it as text): what the server
                // answered to it, if anything, is replayed when the client sends such a line again.
                ClientTurn turn = new ClientTurn(null, null, frame.ts(), -1);
                session.textLines.add(turn);
                current = turn;
                continue;
            }
            for (int i = 0; i < elements.size(); i++) {
                JsonNode element = elements.get(i);
                if (!element.isObject()) {
                    continue;
                }
                if (frame.direction() == Direction.CLIENT_TO_SERVER) {
                    current = session.clientMessage(element, frame.ts(), awaiting, early, current);
                } else {
                    session.serverMessage(new TimedMessage(element, texts.get(i), frame.ts(), frame.transport()),
                            awaiting, early, current);
                }
            }
        }
        return session;
    }

    private ClientTurn clientMessage(JsonNode message, long ts, Map<String, ClientTurn> awaiting,
                                     Map<String, TimedMessage> early, ClientTurn current) {
        JsonNode method = message.get("method");
        if (method == null || !method.isTextual()) {
            return current; // the client answering a server request: nothing to replay
        }
        JsonNode id = message.get("id");
        if (id != null && !id.isNull()) {
            ClientTurn turn = new ClientTurn(method.asText(), message.get("params"), ts, requests.size());
            requests.add(turn);
            TimedMessage response = early.remove(id.toString());
            if (response != null) {
                turn.answer((ObjectNode) response.message(), response.text(), Math.max(ts, response.ts()),
                        response.transport());
            } else {
                awaiting.put(id.toString(), turn);
            }
            return turn;
        }
        if ("notifications/cancelled".equals(method.asText())) {
            // A cancelled request gets no response: it no longer waits, so later server messages are not its.
            JsonNode requestId = message.path("params").get("requestId");
            ClientTurn cancelled = requestId == null ? null : awaiting.remove(requestId.toString());
            if (cancelled != null) {
                cancelled.cancelled = true;
            }
        }
        ClientTurn turn = new ClientTurn(method.asText(), message.get("params"), ts, -1);
        notifications.add(turn);
        return turn;
    }

    private void serverMessage(TimedMessage sent, Map<String, ClientTurn> awaiting,
                               Map<String, TimedMessage> early, ClientTurn current) {
        ObjectNode message = (ObjectNode) sent.message();
        long ts = sent.ts();
        boolean isResponse = !message.hasNonNull("method") && (message.has("result") || message.has("error"));
        if (isResponse) {
            JsonNode id = message.get("id");
            if (id == null || id.isNull()) {
                current.serverMessages.add(sent); // e.g. -32700 to an unreadable line
                return;
            }
            ClientTurn request = awaiting.remove(id.toString());
            if (request != null) {
                request.answer(message, sent.text(), ts, sent.transport());
            } else {
                early.put(id.toString(), sent);
            }
            return;
        }
        cause(message, awaiting, current).serverMessages.add(sent);
    }

    private static ClientTurn cause(JsonNode message, Map<String, ClientTurn> awaiting, ClientTurn current) {
        JsonNode token = message.path("params").get("progressToken");
        if (token != null) {
            for (ClientTurn request : awaiting.values()) {
                if (token.equals(request.params == null ? null : request.params.path("_meta").get("progressToken"))) {
                    return request;
                }
            }
        }
        return awaiting.isEmpty() ? current : awaiting.values().iterator().next();
    }
}
