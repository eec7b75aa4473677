package io.shadowcat.recorder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shadowcat.storage.TapeExistsException;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.CorrelationStatus;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.FrameFlags;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang fails, however loaded the machine
class StdioRecorderTest {

    private static final ObjectMapper JSON = FrameRecorder.MAPPER; // exact decimals, as recorded

    private final InMemoryTapes storage = new InMemoryTapes();

    private static final String SESSION = String.join("\n",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test-client\",\"version\":\"0.9\"}}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"tools/call\",\"params\":{\"name\":\"greet\","
                    + "\"arguments\":{\"who\":\"Zürich 日本語 🎉\",\"n\":1.10}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"notify\"}",
            "[{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"a\"},{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"fail\"}]",
            "this is not JSON",
            "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"stderr\",\"params\":{\"text\":\"to stderr\"}}\r",
            "") ;

    private RecordingResult record(List<String> command, InputStream in, ByteArrayOutputStream out,
                                   RecordingOptions options) {
        return new StdioRecorder(storage, options).record(command, in, out);
    }

    private RecordingResult record(List<String> command, byte[] in, ByteArrayOutputStream out) {
        return record(command, new ByteArrayInputStream(in), out, RecordingOptions.builder().build());
    }

    @Test
    void relaysExactlyWhatTheServerSaysAndRecordsEveryMessage() throws Exception {
        byte[] input = SESSION.getBytes(UTF_8);
        byte[] expected = Servers.direct(Servers.scripted(), input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        RecordingResult result = record(Servers.scripted(), input, out);

        assertThat(out.toByteArray()).isEqualTo(expected);
        assertThat(result.exitCode()).isZero();
        assertThat(result.messagesLost()).isZero();
        assertThat(result.nonJsonLines()).isEqualTo(2); // the client's line and the server echoing it
        assertThat(result.status()).isEqualTo(TapeStatus.FINALIZED);
        assertThat(result.complete()).isTrue();

        InMemoryTapes.Recorded tape = storage.only();
        assertThat(tape.finishedWith).isEqualTo(TapeStatus.FINALIZED);
        List<Frame> frames = tape.frames;
        assertThat(frames).extracting(Frame::seq).containsExactly(
                java.util.stream.LongStream.range(0, frames.size()).boxed().toArray(Long[]::new));
        assertThat(frames).extracting(Frame::ts).isSorted();

        // every client line, in order, verbatim as JSON (the redacted copy would differ, none here)
        List<JsonNode> sent = frames.stream().filter(f -> f.direction() == Direction.CLIENT_TO_SERVER)
                .map(Frame::message).toList();
        assertThat(sent).hasSize(7);
        assertThat(sent.get(2).at("/params/arguments/who").asText()).isEqualTo("Zürich 日本語 🎉");
        assertThat(sent.get(2).at("/params/arguments/n").toString()).isEqualTo("1.10");
        assertThat(sent.get(2).get("id").isTextual()).isTrue();
        assertThat(sent.get(4).isArray()).isTrue();
        assertThat(sent.get(5).isTextual()).isTrue();
        assertThat(sent.get(5).asText()).isEqualTo("this is not JSON");
        assertThat(sent.get(6).at("/params/text").asText()).isEqualTo("to stderr");

        // every server line, in order
        List<String> received = new String(expected, UTF_8).lines().toList();
        List<Frame> back = frames.stream().filter(f -> f.direction() == Direction.SERVER_TO_CLIENT).toList();
        assertThat(back).hasSize(received.size());
        for (int i = 0; i < back.size(); i++) {
            JsonNode message = back.get(i).message();
            if (message.isTextual()) {
                assertThat(message.asText()).isEqualTo(received.get(i));
            } else {
                assertThat(message).isEqualTo(JSON.readTree(received.get(i)));
            }
        }

        // flags
        Frame initialize = frames.get(0);
        assertThat(initialize.flags()).isEqualTo(new FrameFlags(false, false, true));
        Frame initialized = frames.stream().filter(f -> "notifications/initialized".equals(f.method())).findFirst().orElseThrow();
        assertThat(initialized.flags()).isEqualTo(new FrameFlags(false, true, false));
        // the batch answer is one frame holding an array, classified by its first element (a success)
        assertThat(back.stream().filter(f -> f.message().isArray()).toList()).singleElement()
                .satisfies(f -> assertThat(f.message()).hasSize(2))
                .satisfies(f -> assertThat(f.flags().isError()).isFalse());

        // transport: pid and command on every frame, arguments once
        assertThat(frames.get(0).transport().at("/stdio/command").asText()).endsWith("java");
        assertThat(frames.get(0).transport().at("/stdio/args").size()).isGreaterThan(2);
        assertThat(frames.get(0).transport().at("/stdio/process_id").asLong()).isPositive();
        assertThat(frames.get(1).transport().at("/stdio/process_id")).isEqualTo(frames.get(0).transport().at("/stdio/process_id"));
        assertThat(frames.get(1).transport().at("/stdio/args").isMissingNode()).isTrue();

        // correlations: initialize, tools/call, notify, both batch elements, stderr
        assertThat(tape.correlations).hasSize(6);
        Correlation first = tape.correlations.get(0);
        assertThat(frames.get((int) first.requestSeq()).method()).isEqualTo("initialize");
        assertThat(frames.get((int) first.responseSeq()).message().at("/result/serverInfo/name").asText())
                .isEqualTo("scripted-server");
        assertThat(first.rttMs()).isBetween(0L, first.responseTs() - first.requestTs() + 1);
        assertThat(frames.get((int) first.requestSeq()).correlationId()).isEqualTo(first.id());
        assertThat(frames.get((int) first.responseSeq()).correlationId()).isEqualTo(first.id());
        assertThat(tape.correlations).extracting(Correlation::status)
                .containsOnlyOnce(CorrelationStatus.ERROR);
        assertThat(tape.correlations).extracting(Correlation::id).doesNotHaveDuplicates();
        assertThat(tape.correlations).allSatisfy(c -> assertThat(c.requestSeq()).isLessThan(c.responseSeq()));

        // what initialize taught us
        assertThat(tape.header.protocolVersion()).isEqualTo("2025-06-18");
        assertThat(tape.header.metadata().name()).isEqualTo("scripted-server 1.2.3");
        assertThat(tape.header.metadata().description()).contains("test-client 0.9", "scripted-server 1.2.3");
        assertThat(tape.header.metadata().transport().processId()).isPositive();
        assertThat(tape.header.metadata().environment().user()).isEqualTo(System.getProperty("user.name"));
    }

    @Test
    void redactsTheRecordedCopyButRelaysTheSecret() throws Exception {
        String line = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"login\","
                + "\"arguments\":{\"password\":\"hunter2\",\"user\":\"ann\",\"headers\":[{\"Authorization\":\"Bearer abc\"},"
                + "{\"API-KEY\":42}],\"custom\":{\"x\":1}, \"n\":1e2}}}\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordingOptions options = RecordingOptions.builder()
                .redactor(Redactor.of(List.of("password", "authorization", "api_key", "custom"))).build();

        record(Servers.cat(), new ByteArrayInputStream(line.getBytes(UTF_8)), out, options);

        assertThat(out.toString(UTF_8)).isEqualTo(line);
        JsonNode recorded = storage.only().frames.get(0).message();
        assertThat(recorded.at("/params/arguments/password").asText()).isEqualTo(Redactor.MASK);
        assertThat(recorded.at("/params/arguments/headers/0/Authorization").asText()).isEqualTo(Redactor.MASK);
        assertThat(recorded.at("/params/arguments/headers/1/API-KEY").asText()).isEqualTo(Redactor.MASK);
        assertThat(recorded.at("/params/arguments/custom").asText()).isEqualTo(Redactor.MASK);
        assertThat(recorded.at("/params/arguments/user").asText()).isEqualTo("ann");
        assertThat(recorded.toString()).doesNotContain("hunter2", "Bearer abc");
        // the rest of the message stays as written
        assertThat(storage.only().frames.get(0).text()).isEqualTo(line.strip()
                .replace("\"hunter2\"", "\"[REDACTED]\"").replace("\"Bearer abc\"", "\"[REDACTED]\"")
                .replace(":42}", ":\"[REDACTED]\"}").replace("{\"x\":1}", "\"[REDACTED]\""));
    }

    @Test
    void oneMegabyteMessagesPassIntactBothWays() throws Exception {
        String big = "x".repeat(1 << 20);
        String line = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":{\"blob\":\"" + big + "\"}}\n";
        byte[] input = (line + line).getBytes(UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        RecordingResult result = record(Servers.cat(), input, out);

        assertThat(out.toByteArray()).isEqualTo(input);
        assertThat(result.messagesLost()).isZero();
        assertThat(storage.only().frames).hasSize(4)
                .allSatisfy(f -> assertThat(f.message().at("/params/blob").asText()).hasSize(1 << 20));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42})
    void linesSplitAnywhereEvenInsideCharactersAreRelayedAndRecordedWhole(long seed) throws Exception {
        StringBuilder session = new StringBuilder();
        SplittableRandom random = new SplittableRandom(seed);
        String[] words = {"Zürich", "日本語", "🎉🎉", "tab\\t", "\\u00e9", "plain"};
        for (int i = 0; i < 40; i++) {
            session.append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"method\":\"m\",\"params\":{\"w\":\"")
                    .append(words[random.nextInt(words.length)]).append("\"}}\n");
        }
        session.append("{\"jsonrpc\":\"2.0\",\"method\":\"last/without/newline\"}");
        byte[] input = session.toString().getBytes(UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        record(Servers.cat(), new TrickleInputStream(input, seed), out, RecordingOptions.builder().build());

        assertThat(out.toByteArray()).isEqualTo(input);
        List<String> lines = session.toString().lines().toList();
        List<Frame> sent = storage.only().frames.stream()
                .filter(f -> f.direction() == Direction.CLIENT_TO_SERVER).toList();
        assertThat(sent).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(sent.get(i).message()).isEqualTo(JSON.readTree(lines.get(i)));
        }
    }

    @Test
    void everyEchoIsRecordedAfterTheLineThatCausedIt() throws Exception {
        StringBuilder session = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            session.append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"method\":\"m\"}\n");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        record(Servers.cat(), session.toString().getBytes(UTF_8), out);

        // cat answers within microseconds: a line queued after its delivery could be overtaken by its echo
        long[] sentAt = new long[3000];
        for (Frame f : storage.only().frames) {
            int id = f.message().get("id").asInt();
            if (f.direction() == Direction.CLIENT_TO_SERVER) {
                sentAt[id] = f.seq() + 1;
            } else {
                assertThat(sentAt[id]).as("echo of %d recorded before the line itself", id).isPositive();
            }
        }
        assertThat(storage.only().frames).hasSize(6000);
    }

    @Test
    void aServerThatDiesEndsTheRecordingWithItsExitCode() throws Exception {
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(client, 1 << 16);
        client.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":{}}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"exit\",\"params\":{\"code\":3}}\n").getBytes(UTF_8));
        client.flush();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // the client keeps its end open: the recording must end because the server did

        RecordingResult result = record(Servers.scripted(), in, out, RecordingOptions.builder().build());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.status()).isEqualTo(TapeStatus.FINALIZED);
        assertThat(result.unanswered()).isEqualTo(1);
        assertThat(storage.only().frames).extracting(Frame::direction).containsExactlyInAnyOrder(
                Direction.CLIENT_TO_SERVER, Direction.SERVER_TO_CLIENT, Direction.CLIENT_TO_SERVER);
        assertThat(out.toString(UTF_8)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"echo\":{}}}\n");
        client.close();
    }

    /*
     * Issue 14 fidelity items 6 and 7: each message is on the tape as it was written; a line a client reads
     * (not UTF-8, nested past Jackson's default 1000) is a message, not text; the request the session ended
     * without answering is flagged on the tape.
     */
    @Test
    void theTapeHoldsEveryLineAsWrittenAndFlagsTheUnansweredRequest() throws Exception {
        String exact = "{\"jsonrpc\":\"2.0\", \"id\":1,\"method\":\"echo\",\"params\":{\"n\":1e2,\"z\":-0,"
                + "\"zf\":-0.0,\"one\":1.0,\"big\":123456789012345678901234567890,\"s\":\"\\u00e9\\/\ud83d\ude00\"}}";
        byte[] notUtf8 = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\",\"params\":{\"t\":\"a?b\"}}"
                .getBytes(UTF_8);
        notUtf8[notUtf8.length - 5] = (byte) 0xFF; // the '?'
        String deep = "{\"jsonrpc\":\"2.0\",\"method\":\"deep\",\"params\":" + nested(1500) + "}";
        String tooDeep = "{\"jsonrpc\":\"2.0\",\"method\":\"deep\",\"params\":" + nested(2500) + "}";
        String exit = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"exit\",\"params\":{\"code\":0}}";
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.write((exact + "\n").getBytes(UTF_8));
        input.write(notUtf8);
        input.write('\n');
        input.write((deep + "\n" + tooDeep + "\n" + exit + "\n").getBytes(UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        RecordingResult result = record(Servers.scripted(), input.toByteArray(), out);

        // the line nested past the tape's limit, and the server echoing it (it reads no deeper than 1000)
        assertThat(result.nonJsonLines()).isEqualTo(2);
        assertThat(result.unanswered()).isEqualTo(1);
        InMemoryTapes.Recorded tape = storage.only();
        List<Frame> sent = tape.frames.stream().filter(f -> f.direction() == Direction.CLIENT_TO_SERVER).toList();
        assertThat(sent).hasSize(5);
        assertThat(sent.get(0).text()).isEqualTo(exact);
        assertThat(sent.get(1).message().at("/params/t").asText()).isEqualTo("a\uFFFDb"); // as a client reads it
        assertThat(sent.get(1).text()).isEqualTo(new String(notUtf8, UTF_8));
        assertThat(sent.get(2).message().isObject()).isTrue();
        assertThat(sent.get(2).text()).isEqualTo(deep);
        assertThat(sent.get(3).message().isTextual()).as("deeper than %d", io.shadowcat.tape.TapeJson.MAX_NESTING_DEPTH)
                .isTrue();
        assertThat(sent.get(4).text()).isEqualTo(exit);
        // what the server wrote, byte for byte
        List<String> written = out.toString(UTF_8).lines().toList();
        assertThat(tape.frames.stream().filter(f -> f.direction() == Direction.SERVER_TO_CLIENT)
                .map(f -> f.message().isTextual() ? f.message().asText() : f.text())).containsExactlyElementsOf(written);
        // the exit request never got its answer: the tape says so
        assertThat(tape.correlations).filteredOn(c -> !c.answered()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(CorrelationStatus.UNANSWERED);
            assertThat(c.requestSeq()).isEqualTo(sent.get(4).seq());
            assertThat(c.responseSeq()).isEqualTo(Correlation.NONE);
        });
        assertThat(tape.correlations).filteredOn(Correlation::answered).hasSize(1);
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "1" + "]".repeat(depth);
    }

    @Test
    void aClientThatClosesStdinEarlyStillGetsEveryAnswerAndAFinishedTape() throws Exception {
        // the client sends two requests and closes stdin at once, before any answer
        byte[] input = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"notify\"}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"echo\",\"params\":{\"k\":\"v\"}}\n").getBytes(UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        RecordingResult result = record(Servers.scripted(), input, out);

        assertThat(result.exitCode()).isZero();
        assertThat(out.toString(UTF_8).lines()).hasSize(3);
        assertThat(storage.only().frames).hasSize(5);
        assertThat(storage.only().correlations).hasSize(2);
        assertThat(storage.only().finishedWith).isEqualTo(TapeStatus.FINALIZED);
    }

    private static byte[] progressNotifications(int count) {
        StringBuilder session = new StringBuilder();
        for (int i = 0; i < count; i++) {
            session.append("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"i\":").append(i).append("}}\n");
        }
        return session.toString().getBytes(UTF_8);
    }

    @Test
    void withoutADurabilityWindowSlowStorageDropsFromTheTapeNeverFromTheSession() throws Exception {
        storage.appendDelayMillis = 20;
        byte[] input = progressNotifications(300);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordingOptions options = RecordingOptions.builder().queue(8, 1 << 20).drainTimeout(Duration.ofSeconds(5)).build();

        RecordingResult result = record(Servers.cat(), new ByteArrayInputStream(input), out, options);

        assertThat(out.toByteArray()).isEqualTo(input);
        assertThat(result.relayWaits()).isZero(); // the storage promised nothing: the relay never waits
        assertThat(result.messagesLost()).isPositive();
        assertThat(result.framesRecorded() + result.messagesLost()).isEqualTo(600);
        assertThat(result.status()).isEqualTo(TapeStatus.ERROR);
        InMemoryTapes.Recorded tape = storage.only();
        assertThat(tape.finishedWith).isEqualTo(TapeStatus.ERROR);
        assertThat(tape.header.metadata().tags()).contains(StdioRecorder.INCOMPLETE_TAG);
        assertThat(tape.header.metadata().description()).contains("incomplete: " + result.messagesLost() + " of 600");
        assertThat(tape.frames).extracting(Frame::seq).isSorted();
    }

    @Test
    void withADurabilityWindowTheRelayWaitsForSlowStorageAndNothingIsLost() throws Exception {
        storage.appendDelayMillis = 2;
        storage.durabilityWindow = Duration.ofMillis(20);
        byte[] input = progressNotifications(300);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // The relay's wait is bounded (default 5 s, then it drops): on a loaded machine the recording thread
        // can be starved that long (seen at load 11: 127 lost), so this test, which is about waiting, bounds
        // it far beyond any stall; the bound itself is the next test's subject.
        RecordingOptions options = RecordingOptions.builder().queue(8, 1 << 20).maxRelayWait(Duration.ofMinutes(10))
                .build();

        RecordingResult result = record(Servers.cat(), new ByteArrayInputStream(input), out, options);

        assertThat(out.toByteArray()).isEqualTo(input);
        assertThat(result.messagesLost()).isZero();
        assertThat(result.framesRecorded()).isEqualTo(600);
        assertThat(result.relayWaits()).isPositive(); // a queue of 8 cannot hold what 2 ms appends leave behind
        assertThat(result.status()).isEqualTo(TapeStatus.FINALIZED);
        assertThat(storage.flushes.get()).isPositive(); // the recorder flushed within the window itself
        assertThat(storage.only().frames).hasSize(600);
    }

    @Test
    void storageStuckLongerThanTheRelayWaitLimitDropsFromTheTapeAndCountsIt() throws Exception {
        storage.appendDelayMillis = 20;
        storage.durabilityWindow = Duration.ofMillis(20);
        byte[] input = progressNotifications(300);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordingOptions options = RecordingOptions.builder().queue(8, 1 << 20).maxRelayWait(Duration.ofMillis(1))
                .drainTimeout(Duration.ofSeconds(5)).build();

        RecordingResult result = record(Servers.cat(), new ByteArrayInputStream(input), out, options);

        assertThat(out.toByteArray()).isEqualTo(input);
        assertThat(result.relayWaits()).isPositive();
        assertThat(result.messagesLost()).isPositive();
        assertThat(result.framesRecorded() + result.messagesLost()).isEqualTo(600);
        assertThat(result.status()).isEqualTo(TapeStatus.ERROR);
        assertThat(storage.only().header.metadata().tags()).contains(StdioRecorder.INCOMPLETE_TAG);
    }

    @Test
    void failingStorageIsCountedAndTheSessionGoesOn() throws Exception {
        storage.failAppends = true;
        byte[] input = SESSION.getBytes(UTF_8);
        byte[] expected = Servers.direct(Servers.scripted(), input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        RecordingResult result = record(Servers.scripted(), input, out);

        assertThat(out.toByteArray()).isEqualTo(expected);
        assertThat(result.framesRecorded()).isZero();
        // 7 client lines and one per line the server wrote, none on the tape
        assertThat(result.messagesLost()).isEqualTo(7 + new String(expected, UTF_8).lines().count());
        assertThat(result.storageProblem()).contains("write failed");
        assertThat(storage.only().finishedWith).isEqualTo(TapeStatus.ERROR);
    }

    @Test
    void aStorageWhoseSyncFailsIsSyncedOnceAndNeverHoldsTheRelayAgain() throws Exception {
        // 600 lines, more than the 64 the relay may run ahead of a sync on a cold start: the relay must
        // wait for a sync once. That sync fails; from then on nothing waits (this stalled a session for
        // 708 s on sqlite: the relay waited on every failed sync).
        storage.failFlushes = true;

        RecordingResult result = relay600LinesWithADurabilityWindow();

        assertThat(result.storageProblem()).isEqualTo("flush failed (test)"); // failed during the session
        assertThat(storage.flushes.get()).isEqualTo(2); // the one failed sync, then the one at the end
        assertThat(result.relayWaits()).isBetween(1L, 2L); // each relay thread waited at most once
        assertThat(result.framesRecorded() + result.messagesLost()).isEqualTo(600);
    }

    @Test
    void aStorageWhoseAppendsFailIsNeverSyncedDuringTheSession() throws Exception {
        storage.failAppends = true;

        RecordingResult result = relay600LinesWithADurabilityWindow();

        assertThat(result.storageProblem()).isEqualTo("write failed (test)");
        assertThat(storage.flushes.get()).isEqualTo(1); // only when finishing the tape
        assertThat(result.relayWaits()).isLessThanOrEqualTo(2L);
        assertThat(result.framesRecorded()).isZero();
        assertThat(result.messagesLost()).isEqualTo(600);
    }

    /** 300 notifications echoed by cat, on a storage promising a 20 ms window; the session must pass intact. */
    private RecordingResult relay600LinesWithADurabilityWindow() {
        storage.durabilityWindow = Duration.ofMillis(20);
        byte[] input = progressNotifications(300);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordingOptions options = RecordingOptions.builder().maxRelayWait(Duration.ofMinutes(10)).build();

        RecordingResult result = record(Servers.cat(), new ByteArrayInputStream(input), out, options);

        assertThat(out.toByteArray()).isEqualTo(input);
        return result;
    }

    @Test
    void storageThatCannotOpenTheTapeStillRelaysTheSession() throws Exception {
        storage.failOpen = true;
        byte[] input = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"}\n".getBytes(UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        RecordingResult result = record(Servers.cat(), input, out);

        assertThat(out.toByteArray()).isEqualTo(input);
        assertThat(result.messagesLost()).isEqualTo(2);
        assertThat(result.status()).isEqualTo(TapeStatus.RECORDING);
        assertThat(result.storageProblem()).contains("cannot open tape", "disk on fire");
    }

    @Test
    void messagesTooLargeToRecordAreStillRelayed() throws Exception {
        String small = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"}\n";
        String large = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"m\",\"params\":{\"x\":\"" + "y".repeat(5000) + "\"}}\n";
        byte[] input = (large + small).getBytes(UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordingOptions options = RecordingOptions.builder().maxMessageBytes(1024).build();

        RecordingResult result = record(Servers.cat(), new ByteArrayInputStream(input), out, options);

        assertThat(out.toByteArray()).isEqualTo(input);
        assertThat(result.messagesLost()).isEqualTo(2); // the large one, each way
        assertThat(storage.only().frames).extracting(f -> f.message().get("id").asInt()).containsExactly(1, 1);
    }

    @Test
    void terminateStopsTheServerAndFinalizesTheTape() throws Exception {
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(client, 1 << 16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StdioRecorder recorder = new StdioRecorder(storage, RecordingOptions.builder().build());
        CompletableFuture<RecordingResult> running = CompletableFuture.supplyAsync(
                () -> recorder.record(Servers.scripted(), in, out));
        client.write("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sleep\"}\n".getBytes(UTF_8));
        client.flush();
        storage.firstFrame.await(); // the request is on the tape: the session is under way

        recorder.terminate();
        RecordingResult result = running.get(30, TimeUnit.SECONDS);

        assertThat(result.exitCode()).isEqualTo(143); // 128 + SIGTERM
        assertThat(result.status()).isEqualTo(TapeStatus.FINALIZED);
        assertThat(storage.only().frames).hasSize(1);
        client.close();
    }

    @Test
    void anExplicitTapeIdThatIsTakenFailsBeforeTheServerStarts() {
        TapeId id = TapeId.of("taken");
        storage.openWriter(new io.shadowcat.tape.TapeHeader(id, "s", java.time.Instant.now(), null, null)).close();
        RecordingOptions options = RecordingOptions.builder().tapeId(id).build();

        assertThatThrownBy(() -> record(Servers.shell("echo started >&2; exit 9"), InputStream.nullInputStream(),
                new ByteArrayOutputStream(), options))
                .isInstanceOf(TapeExistsException.class).hasMessageContaining("taken");
    }

    @Test
    void aServerThatCannotStartIsOneClearError() {
        assertThatThrownBy(() -> record(List.of("/no/such/server", "--flag"), new byte[0], new ByteArrayOutputStream()))
                .isInstanceOf(ChildProcessException.class)
                .hasMessageContaining("cannot start '/no/such/server --flag'");
        assertThat(storage.tapes).isEmpty();
    }

    /** Hands out 1 to 3 bytes per read, so lines and UTF-8 characters are split at every possible place. */
    private static final class TrickleInputStream extends InputStream {
        private final byte[] data;
        private final SplittableRandom random;
        private int position;

        TrickleInputStream(byte[] data, long seed) {
            this.data = data;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + random.nextInt(3)), data.length - position);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }
    }
}
