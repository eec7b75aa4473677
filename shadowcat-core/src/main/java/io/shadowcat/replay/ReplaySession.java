package io.shadowcat.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.internal.JsonText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * One client session answered from a tape, whatever carries it: the replay engine both {@link ReplayServer}
 * (stdio) and the HTTP replay server drive.
 *
 * <p>Each client request is matched to a recorded one ({@link MatchMode}) and answered with the recorded
 * response under the client's id. Recorded messages go out as the tape holds their text ({@link
 * io.shadowcat.tape.Frame#text()}), byte for byte but for the values replay must change: the response's
 * {@code id} and a progress notification's token. What the server sent on its own around that request on the tape
 * (notifications, its own requests) is sent too, in the tape's order, before or after the response as it
 * was recorded; progress notifications carry the client's progress token. After a server request
 * (sampling, elicitation, roots) the rest waits until the client answers it (matched by id), and then goes
 * to the channel of the request that caused it. A request the tape cannot answer gets JSON-RPC error
 * {@value ReplayServer#NO_RECORDING} saying what was not found; an unrecorded {@code ping} is answered, as
 * any MCP server must.
 *
 * <p>With a speed above 0, recorded delays are reproduced, divided by the speed, by one pacing thread per
 * session (ties keep the tape's order); otherwise every message is sent at once, on the caller's thread.
 * Thread-safe: messages handed over concurrently are handled one at a time.
 */
public final class ReplaySession {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = TapeJson.mapper();

    private final RecordedSession session;
    private final ReplayOptions options;
    private final Matcher matcher;
    private final NotificationMatcher notificationMatcher;
    private final Pacer pacer;
    // What follows a server request, until the client answers it (by the request's id), and where it goes.
    private final Map<String, Waiting> waitingForClient = new HashMap<>();
    private int nextTextLine; // which of the tape's unreadable client lines comes next
    private long requests;
    private long unmatched;
    private long emitted;

    /** A fresh session over {@code tape}: matching starts from the tape's beginning. */
    public ReplaySession(Tape tape, ReplayOptions options) {
        this.session = RecordedSession.of(Objects.requireNonNull(tape, "tape"));
        this.options = Objects.requireNonNull(options, "options");
        this.matcher = Matcher.of(options.match(), session);
        this.notificationMatcher = new NotificationMatcher(session);
        this.pacer = options.speed() > 0 ? new Pacer() : null;
    }

    /** Sends what the server sent before the client's first message (rarely anything). */
    public synchronized void start(ReplayChannel channel) {
        emitServerMessages(session.preamble, emitter(channel), 0, session.preamble.serverMessages.size(),
                UnaryOperator.identity());
    }

    /**
     * Handles one message the client sent (a JSON-RPC object, or an array for a batch): sends its answer and
     * what the server sent around it on the tape to {@code channel}.
     */
    public synchronized void receive(JsonNode message, ReplayChannel channel) {
        Emitter emitter = emitter(channel);
        List<Reply> after = new ArrayList<>();
        if (message.isArray()) {
            // the answers' tree (a channel reads which ids it answers) and their texts, each as it goes out alone
            ArrayNode answers = JSON.createArrayNode();
            StringJoiner texts = new StringJoiner(",", "[", "]");
            long last = 0;
            for (JsonNode element : message) {
                Reply answer = element.isObject() ? handleOne((ObjectNode) element, emitter, after, channel)
                        : Reply.made(error(null, -32600, "invalid request: expected a JSON object"));
                if (answer != null) {
                    last = Math.max(last, answer.delayMs());
                    answers.add(answer.message());
                    texts.add(answer.text());
                }
            }
            if (!answers.isEmpty()) {
                emitter.emit(new Reply(answers, texts.toString(), null, last));
            }
        } else if (message.isObject()) {
            Reply answer = handleOne((ObjectNode) message, emitter, after, channel);
            if (answer != null) {
                emitter.emit(answer);
            }
        } else {
            emitter.emit(Reply.made(error(null, -32600, "invalid request: expected a JSON object or array")));
        }
        after.forEach(emitter::emit);
    }

    /**
     * Handles a client line that was not JSON as the recorded server did: sends what it sent after the
     * tape's next unreadable line, or nothing.
     */
    public synchronized void receiveUnreadable(ReplayChannel channel) {
        ClientTurn turn = nextTextLine < session.textLines.size() ? session.textLines.get(nextTextLine++) : null;
        if (turn != null) {
            emitServerMessages(turn, emitter(channel), 0, turn.serverMessages.size(), UnaryOperator.identity());
        }
    }

    /** Returns once every message already handed over was sent (paced ones included); ends the pacer. */
    public void finish() {
        if (pacer != null) {
            pacer.finish();
        }
    }

    /** What this session did so far. */
    public synchronized ReplayStats stats() {
        return new ReplayStats(requests, unmatched, emitted);
    }

    /** Sends a reply {@code delayMs} of recorded time (divided by the speed) after a client message arrived. */
    @FunctionalInterface
    private interface Emitter {
        void emit(Reply reply);
    }

    private Emitter emitter(ReplayChannel channel) {
        if (pacer == null) {
            return r -> channel.send(r.message(), r.text(), r.transport());
        }
        long arrivedNanos = System.nanoTime();
        return r -> pacer.send(channel, r, arrivedNanos + (long) (r.delayMs() * 1_000_000.0 / options.speed()));
    }

    /**
     * A message to send: its tree, the text that goes out, its recorded transport metadata and how long after
     * the request it was recorded.
     */
    private record Reply(JsonNode message, String text, JsonNode transport, long delayMs) {

        /** A message replay makes up (a pong, an error): its compact text, no recorded transport, at once. */
        static Reply made(JsonNode message) {
            return new Reply(message, TapeJson.compact(message), null, 0);
        }

        /** A recorded message, as the tape holds it. */
        static Reply recorded(TimedMessage m, long delayMs) {
            return new Reply(m.message(), m.text(), m.transport(), delayMs);
        }

        Reply after(long baseMs) {
            return new Reply(message, text, transport, Math.max(0, delayMs - baseMs));
        }
    }

    /** The rest of a turn after a server request, and the channel of the request that caused it. */
    private record Waiting(List<Reply> rest, ReplayChannel channel) {
    }

    /**
     * Handles one client message: emits the server messages recorded before the response, returns the
     * answer (null for notifications) and adds those recorded after it to {@code after}.
     */
    private Reply handleOne(ObjectNode message, Emitter emitter, List<Reply> after, ReplayChannel channel) {
        JsonNode methodNode = message.get("method");
        JsonNode id = message.get("id");
        if (methodNode == null || !methodNode.isTextual()) {
            // The client answering a server request from the tape: what the server sent after it may go now,
            // to where the request that caused it is answered.
            Waiting waiting = id == null ? null : waitingForClient.remove(id.toString());
            if (waiting != null) {
                send(waiting.rest(), emitter(waiting.channel()), waiting.channel());
            }
            return null;
        }
        String method = methodNode.asText();
        JsonNode params = message.get("params");
        if (id == null || id.isNull()) {
            ClientTurn turn = notificationMatcher.match(method, params);
            if (turn != null) {
                emitServerMessages(turn, emitter, 0, turn.serverMessages.size(), UnaryOperator.identity());
            }
            return null;
        }
        requests++;
        Matcher.Result match = matcher.match(method, params);
        ClientTurn turn = match.turn();
        if (turn == null && "ping".equals(method)) {
            ObjectNode pong = JSON.createObjectNode().put("jsonrpc", "2.0");
            pong.set("id", id);
            pong.putObject("result");
            return Reply.made(pong);
        }
        if (turn != null && turn.response == null && turn.cancelled) {
            // As recorded: what the server sent before the client cancelled, and no answer.
            emitServerMessages(turn, emitter, 0, turn.serverMessages.size(), progressFor(turn, params));
            return null;
        }
        if (turn == null || turn.response == null) {
            unmatched++;
            String why = turn == null ? match.miss()
                    : "the tape has this " + method + " request but no recorded response to it";
            ObjectNode reply = error(id, ReplayServer.NO_RECORDING, why);
            ((ObjectNode) reply.get("error")).set("data", missData(method, params));
            return Reply.made(reply);
        }
        UnaryOperator<TimedMessage> progress = progressFor(turn, params);
        ObjectNode answer = turn.response.deepCopy();
        answer.set("id", id);
        // the recorded text with the client's id: nothing else of the response is written anew
        Reply response = new Reply(answer, JsonText.withValue(turn.responseText, id, "id"), turn.responseTransport,
                Math.max(0, turn.responseTs - turn.ts));
        if (waitsForClient(turn)) {
            // A server request (sampling, elicitation, roots) comes first: the rest waits for the client's answer.
            List<Reply> sequence = new ArrayList<>();
            for (int i = 0; i <= turn.serverMessages.size(); i++) {
                if (i == turn.responsePosition) {
                    sequence.add(response);
                }
                if (i < turn.serverMessages.size()) {
                    TimedMessage m = turn.serverMessages.get(i);
                    TimedMessage sent = progress.apply(m);
                    if (sent != null) {
                        emitted++;
                        sequence.add(Reply.recorded(sent, Math.max(0, m.ts() - turn.ts)));
                    }
                }
            }
            send(sequence, emitter, channel);
            return null;
        }
        emitServerMessages(turn, emitter, 0, turn.responsePosition, progress);
        for (TimedMessage m : turn.serverMessages.subList(turn.responsePosition, turn.serverMessages.size())) {
            TimedMessage sent = progress.apply(m);
            if (sent != null) {
                emitted++;
                after.add(Reply.recorded(sent, Math.max(0, m.ts() - turn.ts)));
            }
        }
        return response;
    }

    // True when the server asked the client something before it answered.
    private static boolean waitsForClient(ClientTurn turn) {
        for (TimedMessage m : turn.serverMessages.subList(0, turn.responsePosition)) {
            if (isServerRequest(m.message())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isServerRequest(JsonNode message) {
        return message.hasNonNull("method") && message.hasNonNull("id");
    }

    /**
     * Sends {@code sequence} in order up to and including the next server request; the rest waits in
     * {@link #waitingForClient} for the client's answer to it, its delays counted from that request's.
     */
    private void send(List<Reply> sequence, Emitter emitter, ReplayChannel channel) {
        for (int i = 0; i < sequence.size(); i++) {
            Reply r = sequence.get(i);
            emitter.emit(r);
            if (isServerRequest(r.message()) && i + 1 < sequence.size()) {
                List<Reply> rest = new ArrayList<>();
                for (Reply later : sequence.subList(i + 1, sequence.size())) {
                    rest.add(later.after(r.delayMs()));
                }
                waitingForClient.put(r.message().get("id").toString(), new Waiting(rest, channel));
                return;
            }
        }
    }

    private void emitServerMessages(ClientTurn turn, Emitter emitter, int from, int to,
                                    UnaryOperator<TimedMessage> adapt) {
        for (TimedMessage m : turn.serverMessages.subList(from, to)) {
            TimedMessage sent = adapt.apply(m);
            if (sent != null) {
                emitted++;
                emitter.emit(Reply.recorded(sent, Math.max(0, m.ts() - turn.ts)));
            }
        }
    }

    /**
     * A turn's progress notifications carry the progress token the client sent now, not the recorded one
     * (which means nothing to this client); when the client asked for no progress, none is sent (a server
     * sends progress only for a request that has a token). Returns null for a message not to send.
     */
    private static UnaryOperator<TimedMessage> progressFor(ClientTurn turn, JsonNode clientParams) {
        JsonNode recorded = progressToken(turn.params);
        if (recorded == null) {
            return UnaryOperator.identity();
        }
        JsonNode client = progressToken(clientParams);
        return m -> {
            JsonNode message = m.message();
            if (!"notifications/progress".equals(message.path("method").asText())
                    || !recorded.equals(message.path("params").get("progressToken"))) {
                return m;
            }
            if (client == null) {
                return null;
            }
            ObjectNode copy = message.deepCopy();
            ((ObjectNode) copy.get("params")).set("progressToken", client);
            // only the token is written anew in the recorded text
            return new TimedMessage(copy, JsonText.withValue(m.text(), client, "params", "progressToken"), m.ts(),
                    m.transport());
        };
    }

    private static JsonNode progressToken(JsonNode params) {
        JsonNode token = params == null ? null : params.path("_meta").get("progressToken");
        return token == null || token.isNull() || token.isMissingNode() ? null : token;
    }

    private ObjectNode missData(String method, JsonNode params) {
        ObjectNode data = JSON.createObjectNode().put("method", method);
        if (params != null) {
            data.set("params", params);
        }
        return data.put("match", options.match().wireName());
    }

    /** A JSON-RPC error message, as the replay itself answers (no recorded counterpart). */
    static ObjectNode error(JsonNode id, int code, String text) {
        ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0");
        reply.set("id", id == null ? JSON.nullNode() : id);
        reply.putObject("error").put("code", code).put("message", text);
        return reply;
    }

    /**
     * Sends messages at their due time, ties in the order they were handed over, which for one request is the
     * tape's order: two messages recorded in the same millisecond keep their order at any speed. (A scheduled
     * executor per message reordered them: each one's trigger time is read from the clock separately.)
     * The session hands over (under its lock), the pacer's thread sends.
     */
    private static final class Pacer {
        private final DelayQueue<Due> queue = new DelayQueue<>();
        private final Thread sender;
        private long handedOver;
        private long lastDue = System.nanoTime();

        Pacer() {
            sender = new Thread(() -> {
                try {
                    for (Due d = queue.take(); d.reply() != null; d = queue.take()) {
                        Reply r = d.reply();
                        d.channel().send(r.message(), r.text(), r.transport());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "shadowcat-replay-timer");
            sender.setDaemon(true);
            sender.start();
        }

        synchronized void send(ReplayChannel channel, Reply reply, long dueNanos) {
            lastDue = Math.max(lastDue, dueNanos);
            queue.put(new Due(dueNanos, handedOver++, channel, reply));
        }

        /** Returns once everything handed over was sent. */
        void finish() {
            synchronized (this) {
                queue.put(new Due(lastDue, Long.MAX_VALUE, null, null));
            }
            try {
                sender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A message due at {@code dueNanos} (System.nanoTime), {@code order}-th handed over; null ends the pacer. */
    private record Due(long dueNanos, long order, ReplayChannel channel, Reply reply) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Due o = (Due) other;
            int byTime = Long.compare(dueNanos - o.dueNanos, 0);
            return byTime != 0 ? byTime : Long.compare(order, o.order);
        }
    }
}
