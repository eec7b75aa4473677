package io.shadowcat.replay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Builds a tape from alternating "c:" / "s:" lines with optional "@ts " prefixes. */
    private static Tape tape(String... lines) throws Exception {
        List<Frame> frames = new ArrayList<>();
        long ts = 0;
        for (String line : lines) {
            Direction direction = line.startsWith("c:") ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
            String body = line.substring(2);
            if (body.startsWith("@")) {
                int space = body.indexOf(' ');
                ts = Long.parseLong(body.substring(1, space));
                body = body.substring(space + 1);
            }
            frames.add(Frame.of(frames.size(), ts, direction, JSON.readTree(body)));
        }
        return new Tape(new TapeHeader(TapeId.of("t"), "s", Instant.EPOCH, "2025-06-18", null), frames, List.of());
    }

    private static List<JsonNode> replay(Tape tape, ReplayOptions options, String... clientLines) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ReplayServer(tape, options).serve(
                new ByteArrayInputStream((String.join("\n", clientLines) + "\n").getBytes(UTF_8)), out);
        List<JsonNode> messages = new ArrayList<>();
        for (String line : out.toString(UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                messages.add(JSON.readTree(line));
            }
        }
        return messages;
    }

    private static List<JsonNode> replay(Tape tape, String... clientLines) throws Exception {
        return replay(tape, ReplayOptions.defaults(), clientLines);
    }

    private static final Tape TOOLS;

    static {
        try {
            TOOLS = tape(
                    "c:{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}}",
                    "s:{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":1}}",
                    "s:{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"3\"}]}}",
                    "s:{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"data\":\"after\"}}",
                    "c:{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                    "s:{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[\"first\"]}}",
                    "c:{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}",
                    "s:{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":[\"second\"]}}");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Test
    void answersWithTheClientsIdAndTheRecordedResultIgnoringMetaAndKeyOrder() throws Exception {
        List<JsonNode> out = replay(TOOLS,
                "{\"method\":\"tools/call\",\"id\":\"abc\",\"jsonrpc\":\"2.0\",\"params\":{\"arguments\":{\"b\":2.0,\"a\":1},"
                        + "\"name\":\"add\",\"_meta\":{\"progressToken\":7}}}");

        assertThat(out).hasSize(3);
        assertThat(out.get(0).get("method").asText()).isEqualTo("notifications/progress");
        assertThat(out.get(1).get("id").asText()).isEqualTo("abc");
        assertThat(out.get(1).at("/result/content/0/text").asText()).isEqualTo("3");
        assertThat(out.get(2).at("/params/data").asText()).isEqualTo("after");
    }

    @Test
    void repeatedIdenticalCallsGetTheRecordedResponsesInOrderThenTheLast() throws Exception {
        List<JsonNode> out = replay(TOOLS,
                "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/list\",\"params\":{}}",
                "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"tools/list\"}");

        assertThat(out).extracting(m -> m.at("/result/tools/0").asText()).containsExactly("first", "second", "second");
        assertThat(out).extracting(m -> m.get("id").asInt()).containsExactly(10, 11, 12);
    }

    @Test
    void anUnmatchedRequestGetsErrorMinus32010SayingWhatWasNotFound() throws Exception {
        List<JsonNode> out = replay(TOOLS,
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"add\",\"arguments\":{\"a\":9}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"prompts/list\"}");

        assertThat(out).hasSize(2);
        JsonNode first = out.get(0);
        assertThat(first.get("id").asInt()).isEqualTo(5);
        assertThat(first.at("/error/code").asInt()).isEqualTo(ReplayServer.NO_RECORDING).isEqualTo(-32010);
        assertThat(first.at("/error/message").asText())
                .contains("no recorded response for tools/call", "\"a\":9", "1 tools/call request(s), none with these params",
                        "method_params");
        assertThat(first.at("/error/data/method").asText()).isEqualTo("tools/call");
        assertThat(first.at("/error/data/params/arguments/a").asInt()).isEqualTo(9);
        assertThat(out.get(1).at("/error/message").asText()).contains("the tape has no prompts/list request");
    }

    @Test
    void sequentialIgnoresParamsAndRunsOut() throws Exception {
        List<JsonNode> out = replay(TOOLS, new ReplayOptions(MatchMode.SEQUENTIAL, 0),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":\"x\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");

        assertThat(out.get(0).at("/result/tools/0").asText()).isEqualTo("first");
        assertThat(out.get(1).at("/result/tools/0").asText()).isEqualTo("second");
        assertThat(out.get(2).at("/error/code").asInt()).isEqualTo(-32010);
        assertThat(out.get(2).at("/error/message").asText()).contains("the tape has 2 and this is call 3", "sequential");
    }

    @Test
    void strictWantsTheTapesOrderAndAMissDoesNotAdvance() throws Exception {
        List<JsonNode> out = replay(TOOLS, new ReplayOptions(MatchMode.STRICT, 0),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");

        assertThat(out.get(0).at("/error/message").asText())
                .contains("request 1 of the tape is tools/call", "strict");
        assertThat(out).filteredOn(m -> m.has("result")).extracting(m -> m.get("id").asInt()).containsExactly(2, 3);
    }

    @Test
    void maskedValuesMatchAnything() throws Exception {
        Tape tape = tape(
                "c:{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"login\",\"params\":{\"user\":\"ann\",\"password\":\"[REDACTED]\"}}",
                "s:{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"ok\":true}}");

        List<JsonNode> out = replay(tape,
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"login\",\"params\":{\"user\":\"ann\",\"password\":\"hunter2\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"login\",\"params\":{\"user\":\"bob\",\"password\":\"hunter2\"}}");

        assertThat(out.get(0).at("/result/ok").asBoolean()).isTrue();
        assertThat(out.get(1).at("/error/code").asInt()).isEqualTo(-32010);
    }

    @Test
    void initializeFromAnotherClientVersionStillGetsTheRecordedHandshake() throws Exception {
        Tape tape = tape(
                "c:{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}}",
                "s:{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"protocolVersion\":\"2025-06-18\",\"serverInfo\":{\"name\":\"srv\"}}}",
                "c:{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "s:{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");

        List<JsonNode> out = replay(tape,
                "{\"jsonrpc\":\"2.0\",\"id\":\"i\",\"method\":\"initialize\",\"params\":{\"clientInfo\":{\"name\":\"c\",\"version\":\"2\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}");

        assertThat(out).hasSize(3);
        assertThat(out.get(0).at("/result/serverInfo/name").asText()).isEqualTo("srv");
        assertThat(out.get(0).get("id").asText()).isEqualTo("i");
        assertThat(out.get(1).get("method").asText()).isEqualTo("notifications/tools/list_changed");
        assertThat(out.get(2).get("id").asText()).isEqualTo("p");
        assertThat(out.get(2).get("result").isObject()).isTrue();
    }

    @Test
    void batchesAreAnsweredWithABatch() throws Exception {
        List<JsonNode> out = replay(TOOLS,
                "[{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"tools/list\"},{\"jsonrpc\":\"2.0\",\"method\":\"x\"},"
                        + "{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"nope\"}]");

        assertThat(out).hasSize(1);
        assertThat(out.get(0).isArray()).isTrue();
        assertThat(out.get(0)).hasSize(2);
        assertThat(out.get(0).get(0).at("/result/tools/0").asText()).isEqualTo("first");
        assertThat(out.get(0).get(1).at("/error/code").asInt()).isEqualTo(-32010);
    }

    @Test
    void recordedErrorsAndServerRequestsAreReplayedAndBrokenInputIsAnswered() throws Exception {
        Tape tape = tape(
                "c:{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}",
                "s:{\"jsonrpc\":\"2.0\",\"id\":100,\"method\":\"sampling/createMessage\",\"params\":{}}",
                "c:{\"jsonrpc\":\"2.0\",\"id\":100,\"result\":{\"content\":{}}}",
                "s:{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"bad\"}}",
                "c:\"a line that was not JSON\"");

        List<JsonNode> out = replay(tape,
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":100,\"result\":{\"content\":{}}}",
                "not json at all",
                "42");

        // The recorded server sent nothing after the unreadable line: nor does the replay (issue 14 item 7).
        assertThat(out).hasSize(3);
        assertThat(out.get(0).get("method").asText()).isEqualTo("sampling/createMessage");
        assertThat(out.get(1).get("id").asInt()).isEqualTo(9);
        assertThat(out.get(1).at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(out.get(2).at("/error/code").asInt()).isEqualTo(-32600);
    }

    @Test
    void anUnreadableLineGetsWhatTheRecordedServerSentToIt() throws Exception {
        Tape tape = tape(
                "c:\"garbage the client sent\"",
                "s:{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}",
                "c:{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                "s:{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}");
        List<JsonNode> out = replay(tape, "not json", "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}",
                "more garbage");
        assertThat(out).hasSize(2);
        assertThat(out.get(0).at("/error/message").asText()).isEqualTo("Parse error");
        assertThat(out.get(1).path("id").asInt()).isEqualTo(5);
    }

    @Test
    void serverMessagesGoWithTheRequestTheyWereAboutEvenWhenTheClientSentAhead() throws Exception {
        Tape tape = tape(
                "c:{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"}",
                "c:{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"b\",\"params\":{\"_meta\":{\"progressToken\":\"pb\"}}}",
                "c:{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"c\"}",
                "s:{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"pb\"}}",
                "s:{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"data\":\"about a\"}}",
                "s:{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",
                "s:{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}",
                "s:{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}");

        // asked one at a time, in another order
        List<JsonNode> out = replay(tape,
                "{\"jsonrpc\":\"2.0\",\"id\":30,\"method\":\"c\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":20,\"method\":\"b\",\"params\":{\"_meta\":{\"progressToken\":\"other\"}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"a\"}");

        assertThat(out).extracting(m -> m.has("id") ? "answer " + m.get("id") : m.get("method").asText())
                .containsExactly("answer 30", "notifications/progress", "answer 20", "notifications/message", "answer 10");
    }

    @Test
    void aResponseWrittenBeforeItsRequestStillAnswersIt() throws Exception {
        Tape tape = tape(
                "s:{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"early\":true}}",
                "c:{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"}");

        List<JsonNode> out = replay(tape, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"m\"}");

        assertThat(out).singleElement().satisfies(m -> assertThat(m.at("/result/early").asBoolean()).isTrue());
    }

    @Test
    void aRequestRecordedWithoutResponseSaysSo() throws Exception {
        Tape tape = tape("c:{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"slow\"}");

        List<JsonNode> out = replay(tape, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"slow\"}");

        assertThat(out.get(0).at("/error/message").asText()).contains("no recorded response to it");
    }

    @Test
    void speedReproducesRecordedDelaysScaled() throws Exception {
        Tape tape = tape(
                "c:@1000 {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"}",
                "s:@1500 {\"jsonrpc\":\"2.0\",\"method\":\"n\"}",
                "s:@2000 {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
        String request = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"}";

        long started = System.nanoTime();
        List<JsonNode> out = replay(tape, new ReplayOptions(MatchMode.METHOD_PARAMS, 5), request);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(out).extracting(m -> m.has("method")).containsExactly(true, false);
        assertThat(millis).isGreaterThanOrEqualTo(190); // 1000 ms recorded, 5 times as fast
    }

    /*
     * Issue 14 fidelity item 4: at any speed, messages recorded in the same millisecond go out in the tape's
     * order (each was scheduled on its own and read the clock separately, so a response could overtake the
     * notification recorded just before it). 300 same-millisecond pairs, replayed 10 times faster.
     */
    @Test
    void messagesRecordedInTheSameMillisecondKeepTheTapesOrderAtAnySpeed() throws Exception {
        List<String> lines = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            String request = "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"m\",\"params\":{\"i\":" + i + "}}";
            lines.add("c:@" + (i * 10) + " " + request);
            lines.add("s:@" + (i * 10 + 5) + " {\"jsonrpc\":\"2.0\",\"method\":\"n\",\"params\":{\"i\":" + i + "}}");
            lines.add("s:@" + (i * 10 + 5) + " {\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"result\":{\"i\":" + i + "}}");
            requests.add(request);
        }
        List<JsonNode> out = replay(tape(lines.toArray(String[]::new)), new ReplayOptions(MatchMode.STRICT, 10),
                requests.toArray(String[]::new));
        assertThat(out).hasSize(600);
        for (int i = 0; i < 300; i++) {
            assertThat(out.get(2 * i).has("method")).as("message %d: the notification first", 2 * i).isTrue();
            assertThat(out.get(2 * i + 1).path("result").path("i").asInt()).isEqualTo(out.get(2 * i).path("params")
                    .path("i").asInt());
        }
    }

    /* Issue 14 fidelity item 2: progress goes out under the client's progress token, not the recorded one. */
    @Test
    void progressNotificationsCarryTheClientsProgressToken() throws Exception {
        Tape tape = tape(
                "c:{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"_meta\":{\"progressToken\":\"rec-7\"}}}",
                "s:{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"rec-7\",\"progress\":1}}",
                "s:{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"data\":\"log\"}}",
                "s:{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}",
                "s:{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"rec-7\",\"progress\":2}}");
        List<JsonNode> withToken = replay(tape, new ReplayOptions(MatchMode.METHOD_PARAMS, 0),
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"_meta\":{\"progressToken\":42}}}");
        assertThat(withToken).hasSize(4);
        assertThat(withToken.get(0).path("params").get("progressToken").asInt()).isEqualTo(42);
        assertThat(withToken.get(0).path("params").path("progress").asInt()).isEqualTo(1);
        assertThat(withToken.get(1).path("method").asText()).isEqualTo("notifications/message");
        assertThat(withToken.get(2).path("id").asInt()).isEqualTo(9);
        assertThat(withToken.get(3).path("params").get("progressToken").asInt()).isEqualTo(42);
        List<JsonNode> without = replay(tape, new ReplayOptions(MatchMode.METHOD_PARAMS, 0),
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\"}}");
        assertThat(without).extracting(m -> m.path("method").asText("response"))
                .containsExactly("notifications/message", "response");
    }

    /*
     * Issue 14 fidelity item 1: a request the client cancelled gets what the server sent before the cancel and
     * no answer (it used to get -32010), and what the server sent later stays with its own turn (it was filed
     * under the cancelled request and never sent).
     */
    @Test
    void aCancelledRequestIsReplayedAsRecordedAndLaterMessagesKeepTheirTurns() throws Exception {
        Tape tape = tape(
                "c:{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"_meta\":{\"progressToken\":\"p\"}}}",
                "s:{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"p\",\"progress\":1}}",
                "c:{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1,\"reason\":\"timeout\"}}",
                "s:{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"data\":\"later\"}}",
                "c:{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                "s:{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}",
                "s:{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[]}}");
        List<JsonNode> out = replay(tape,
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"_meta\":{\"progressToken\":\"q\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":5,\"reason\":\"timeout\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\"}");
        assertThat(out).extracting(m -> m.path("method").asText("response #" + m.path("id").asInt()))
                .containsExactly("notifications/progress", "notifications/message", "notifications/tools/list_changed",
                        "response #6");
        assertThat(out.get(0).path("params").path("progressToken").asText()).isEqualTo("q");
        assertThat(out).noneMatch(m -> m.has("error"));
    }

    /*
     * Issue 14 fidelity item 3: when the server asked the client something (sampling) before answering, the
     * answer waits for the client's reply to it, matched by id (it used to be sent at once).
     */
    @Test
    void whatFollowsAServerRequestWaitsForTheClientsAnswer() throws Exception {
        Tape tape = tape(
                "c:{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}",
                "s:{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"method\":\"sampling/createMessage\",\"params\":{}}",
                "c:{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"result\":{\"content\":{\"type\":\"text\",\"text\":\"hi\"}}}",
                "s:{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"data\":\"got it\"}}",
                "s:{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}");
        String call = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}";
        assertThat(replay(tape, call)).extracting(m -> m.path("method").asText("response"))
                .as("no answer from the client yet").containsExactly("sampling/createMessage");
        List<JsonNode> answered = replay(tape, call,
                "{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"result\":{\"content\":{\"type\":\"text\",\"text\":\"yo\"}}}");
        assertThat(answered).extracting(m -> m.path("method").asText("response"))
                .containsExactly("sampling/createMessage", "notifications/message", "response");
        assertThat(answered.get(2).path("id").asInt()).isEqualTo(7);
    }

    /* Issue 14 fidelity item 7: "arguments": {} and no arguments are the same call (SDKs differ). */
    @Test
    void emptyArgumentsMatchMissingArguments() throws Exception {
        Tape tape = tape(
                "c:{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"now\",\"arguments\":{}}}",
                "s:{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}",
                "c:{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"later\"}}",
                "s:{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[]}}");
        for (MatchMode mode : List.of(MatchMode.METHOD_PARAMS, MatchMode.STRICT)) {
            List<JsonNode> out = replay(tape, new ReplayOptions(mode, 0),
                    "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"now\"}}",
                    "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"later\",\"arguments\":{}}}");
            assertThat(out).as("%s", mode).noneMatch(m -> m.has("error")).hasSize(2);
        }
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> new ReplayOptions(MatchMode.STRICT, -1)).hasMessageContaining("speed");
        assertThatThrownBy(() -> new ReplayOptions(MatchMode.STRICT, Double.NaN)).hasMessageContaining("speed");
        assertThat(MatchMode.parse("Method-Params")).isEqualTo(MatchMode.METHOD_PARAMS);
        assertThatThrownBy(() -> MatchMode.parse("fuzzy"))
                .hasMessage("unknown match mode 'fuzzy': use one of method_params, sequential, strict");
    }
}
