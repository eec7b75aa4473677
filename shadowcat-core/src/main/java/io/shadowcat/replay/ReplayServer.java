package io.shadowcat.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.internal.JsonText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an MCP client over stdio from a tape, standing in for the recorded server.
 *
 * <p>Each client request is matched to a recorded one ({@link MatchMode}) and answered with the recorded
 * response under the client's id. What the server sent on its own after that request on the tape
 * (notifications, its own requests) is sent too, in recorded order, before or after the response as it
 * was recorded. A request the tape cannot answer gets JSON-RPC error {@value #NO_RECORDING} saying what
 * was not found; an unrecorded {@code ping} is answered, as any MCP server must.
 *
 * <p>With a speed above 0, recorded delays are reproduced, divided by the speed; otherwise every answer
 * is sent at once. One server serves one client session.
 */
public final class ReplayServer {

    /** The JSON-RPC error code of a request the tape has no response for. */
    public static final int NO_RECORDING = -32010;

    private static final Logger LOG = LoggerFactory.getLogger(ReplayServer.class);
    private static final ObjectMapper JSON = TapeJson.mapper();

    private final RecordedSession session;
    private final ReplayOptions options;
    private final Matcher matcher;
    private final NotificationMatcher notificationMatcher;
    // Owned by the serving thread: what follows a server request, until the client answers it (by id).
    private final java.util.Map<String, List<Reply>> waitingForClient = new java.util.HashMap<>();
    private int nextTextLine; // the serving thread's: which of the tape's unreadable client lines comes next
    private long requests;
    private long unmatched;
    private long emitted;

    public ReplayServer(Tape tape, ReplayOptions options) {
        this.session = RecordedSession.of(Objects.requireNonNull(tape, "tape"));
        this.options = Objects.requireNonNull(options, "options");
        this.matcher = Matcher.of(options.match(), session);
        this.notificationMatcher = new NotificationMatcher(session);
    }

    /**
     * Serves one client until it closes {@code clientIn}, then waits for answers still scheduled.
     *
     * @param clientOut receives one JSON-RPC message per line, flushed per message; not closed
     * @throws UncheckedIOException when the client's input cannot be read
     */
    public ReplayStats serve(InputStream clientIn, OutputStream clientOut) {
        Output out = new Output(clientOut);
        Pacer timer = options.speed() > 0 ? new Pacer(out) : null;
        emitServerMessages(session.preamble, emitter(out, timer, System.nanoTime()), 0,
                session.preamble.serverMessages.size());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !out.failed()) {
                handle(line, emitter(out, timer, System.nanoTime()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the client's messages: " + e.getMessage(), e);
        } finally {
            if (timer != null) {
                timer.finish(); // already scheduled answers still go out
            }
        }
        if (unmatched > 0) {
            LOG.warn("replay: {} of {} requests had no recorded response", unmatched, requests);
        }
        return new ReplayStats(requests, unmatched, emitted);
    }

    /**
     * Sends a message's text {@code delayMs} of recorded time (divided by the speed) after a request arrived.
     * Recorded messages go out as the tape holds them, byte for byte but for the values replay must change.
     */
    @FunctionalInterface
    private interface Emitter {
        void emit(String text, long delayMs);
    }

    private Emitter emitter(Output out, Pacer timer, long arrivedNanos) {
        if (timer == null) {
            return (text, delayMs) -> out.write(text);
        }
        return (text, delayMs) -> timer.send(text, arrivedNanos + (long) (delayMs * 1_000_000.0 / options.speed()));
    }

    /** A message to send, its text, and how long after the request it was recorded. */
    private record Reply(JsonNode message, String text, long delayMs) {
        /** A message replay makes up (an error, a pong): its compact text. */
        Reply(JsonNode message, long delayMs) {
            this(message, TapeJson.compact(message), delayMs);
        }

        Reply(TimedMessage recorded, long delayMs) {
            this(recorded.message(), recorded.text(), delayMs);
        }
    }

    private void handle(String line, Emitter emitter) {
        if (line.isBlank()) {
            return;
        }
        JsonNode message;
        try {
            message = JSON.readTree(line);
        } catch (IOException e) {
            // As the recorded server did: what it sent after the tape's next unreadable line, or nothing.
            ClientTurn turn = nextTextLine < session.textLines.size() ? session.textLines.get(nextTextLine++) : null;
            if (turn != null) {
                emitServerMessages(turn, emitter, 0, turn.serverMessages.size());
            }
            return;
        }
        List<Reply> after = new ArrayList<>();
        if (message.isArray()) {
            StringJoiner answers = new StringJoiner(",", "[", "]");
            int answered = 0;
            long last = 0;
            for (JsonNode element : message) {
                Reply answer = element.isObject() ? handleOne((ObjectNode) element, emitter, after)
                        : new Reply(error(null, -32600, "invalid request: expected a JSON object"), 0);
                if (answer != null) {
                    last = Math.max(last, answer.delayMs());
                    answers.add(answer.text());
                    answered++;
                }
            }
            if (answered > 0) {
                emitter.emit(answers.toString(), last);
            }
        } else if (message.isObject()) {
            Reply answer = handleOne((ObjectNode) message, emitter, after);
            if (answer != null) {
                emitter.emit(answer.text(), answer.delayMs());
            }
        } else {
            Reply invalid = new Reply(error(null, -32600, "invalid request: expected a JSON object or array"), 0);
            emitter.emit(invalid.text(), 0);
        }
        after.forEach(r -> emitter.emit(r.text(), r.delayMs()));
    }

    /**
     * Handles one client message: emits the server messages recorded before the response, returns the
     * answer (null for notifications) and adds those recorded after it to {@code after}.
     */
    private Reply handleOne(ObjectNode message, Emitter emitter, List<Reply> after) {
        JsonNode methodNode = message.get("method");
        JsonNode id = message.get("id");
        if (methodNode == null || !methodNode.isTextual()) {
            // The client answering a server request from the tape: what the server sent after it may go now.
            List<Reply> rest = id == null ? null : waitingForClient.remove(id.toString());
            if (rest != null) {
                send(rest, emitter);
            }
            return null;
        }
        String method = methodNode.asText();
        JsonNode params = message.get("params");
        if (id == null || id.isNull()) {
            ClientTurn turn = notificationMatcher.match(method, params);
            if (turn != null) {
                emitServerMessages(turn, emitter, 0, turn.serverMessages.size());
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
            return new Reply(pong, 0);
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
            ObjectNode reply = error(id, NO_RECORDING, why);
            ((ObjectNode) reply.get("error")).set("data", missData(method, params));
            return new Reply(reply, 0);
        }
        UnaryOperator<TimedMessage> progress = progressFor(turn, params);
        ObjectNode answer = turn.response.deepCopy();
        answer.set("id", id);
        // the recorded text with the client's id: nothing else of the response is written anew
        Reply reply = new Reply(answer, JsonText.withValue(turn.responseText, id, "id"),
                Math.max(0, turn.responseTs - turn.ts));
        if (waitsForClient(turn)) {
            // A server request (sampling, elicitation, roots) comes first: the rest waits for the client's answer.
            List<Reply> sequence = new ArrayList<>();
            for (int i = 0; i <= turn.serverMessages.size(); i++) {
                if (i == turn.responsePosition) {
                    sequence.add(reply);
                }
                if (i < turn.serverMessages.size()) {
                    TimedMessage m = turn.serverMessages.get(i);
                    TimedMessage sent = progress.apply(m);
                    if (sent != null) {
                        emitted++;
                        sequence.add(new Reply(sent, Math.max(0, m.ts() - turn.ts)));
                    }
                }
            }
            send(sequence, emitter);
            return null;
        }
        emitServerMessages(turn, emitter, 0, turn.responsePosition, progress);
        for (TimedMessage m : turn.serverMessages.subList(turn.responsePosition, turn.serverMessages.size())) {
            TimedMessage sent = progress.apply(m);
            if (sent != null) {
                emitted++;
                after.add(new Reply(sent, Math.max(0, m.ts() - turn.ts)));
            }
        }
        return reply;
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
    private void send(List<Reply> sequence, Emitter emitter) {
        for (int i = 0; i < sequence.size(); i++) {
            Reply r = sequence.get(i);
            emitter.emit(r.text(), r.delayMs());
            if (isServerRequest(r.message()) && i + 1 < sequence.size()) {
                long base = r.delayMs();
                List<Reply> rest = new ArrayList<>();
                for (Reply later : sequence.subList(i + 1, sequence.size())) {
                    rest.add(new Reply(later.message(), later.text(), Math.max(0, later.delayMs() - base)));
                }
                waitingForClient.put(r.message().get("id").toString(), rest);
                return;
            }
        }
    }

    private void emitServerMessages(ClientTurn turn, Emitter emitter, int from, int to) {
        emitServerMessages(turn, emitter, from, to, UnaryOperator.identity());
    }

    private void emitServerMessages(ClientTurn turn, Emitter emitter, int from, int to,
                                    UnaryOperator<TimedMessage> adapt) {
        for (TimedMessage m : turn.serverMessages.subList(from, to)) {
            TimedMessage sent = adapt.apply(m);
            if (sent != null) {
                emitted++;
                emitter.emit(sent.text(), Math.max(0, m.ts() - turn.ts));
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
            return new TimedMessage(copy, JsonText.withValue(m.text(), client, "params", "progressToken"), m.ts());
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

    private static ObjectNode error(JsonNode id, int code, String text) {
        ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0");
        reply.set("id", id == null ? JSON.nullNode() : id);
        reply.putObject("error").put("code", code).put("message", text);
        return reply;
    }

    /**
     * Sends messages at their due time, ties in the order they were handed over, which for one request is the
     * tape's order: two messages recorded in the same millisecond keep their order at any speed. (A scheduled
     * executor per message reordered them: each one's trigger time is read from the clock separately.)
     * The serving thread hands over, the pacer's thread writes; {@code lastDue} is the serving thread's.
     */
    private static final class Pacer {
        private final DelayQueue<Due> queue = new DelayQueue<>();
        private final Thread sender;
        private long handedOver;
        private long lastDue = System.nanoTime();

        Pacer(Output out) {
            sender = new Thread(() -> {
                try {
                    for (Due d = queue.take(); d.text() != null; d = queue.take()) {
                        out.write(d.text());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "shadowcat-replay-timer");
            sender.setDaemon(true);
            sender.start();
        }

        void send(String text, long dueNanos) {
            lastDue = Math.max(lastDue, dueNanos);
            queue.put(new Due(dueNanos, handedOver++, text));
        }

        /** Returns once everything handed over was sent. */
        void finish() {
            queue.put(new Due(lastDue, Long.MAX_VALUE, null));
            try {
                sender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A message due at {@code dueNanos} (System.nanoTime), {@code order}-th handed over; null ends the pacer. */
    private record Due(long dueNanos, long order, String text) implements Delayed {
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

    /** Writes one message per line, whole, from any thread. */
    private static final class Output {
        private final OutputStream out;
        private volatile boolean failed;

        Output(OutputStream out) {
            this.out = out;
        }

        synchronized void write(String text) {
            if (failed) {
                return;
            }
            try {
                // One message per line: a text recorded with line breaks (pretty-printed, over HTTP) has them
                // only between tokens, where a space means the same.
                String line = JsonText.hasLineBreak(text) ? text.replace('\r', ' ').replace('\n', ' ') : text;
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                out.write(bytes);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                failed = true; // the client is gone
                LOG.debug("replay: client stopped reading: {}", e.toString());
            }
        }

        boolean failed() {
            return failed;
        }
    }
}
