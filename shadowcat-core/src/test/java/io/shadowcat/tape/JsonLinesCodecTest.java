package io.shadowcat.tape;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import io.shadowcat.storage.support.TapeMetaJson;
import io.shadowcat.storage.support.TapeStatsCollector;

class JsonLinesCodecTest {

    private static List<TapeRecord> readAll(byte[] bytes, TapeId expected) throws IOException {
        List<TapeRecord> out = new ArrayList<>();
        try (JsonLinesTapeReader r = new JsonLinesTapeReader(new ByteArrayInputStream(bytes), "test.jsonl", expected)) {
            for (TapeRecord rec = r.next(); rec != null; rec = r.next()) {
                out.add(rec);
            }
        }
        return out;
    }

    private static byte[] writeAll(List<TapeRecord> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TapeHeader header = (TapeHeader) records.get(0);
        try (JsonLinesTapeWriter w = new JsonLinesTapeWriter(out, header)) {
            for (TapeRecord r : records) {
                w.write(r);
            }
        }
        return out.toByteArray();
    }

    @Test
    void framesWithATransportObjectAreBufferedNotFlushedOneByOne() throws IOException {
        int[] flushes = {0};
        ByteArrayOutputStream sink = new ByteArrayOutputStream() {
            @Override
            public void flush() {
                flushes[0]++;
            }
        };
        TapeHeader header = new TapeHeader(TapeId.of("t"), "s", Instant.parse("2025-08-14T10:30:00Z"), "2025-11-05", null);
        JsonNode transport = TapeJson.parse("{\"chain\":\"ab12\",\"transport\":{\"http\":{\"status\":200,\"h\":[1.50,null,true]}}}");
        JsonLinesTapeWriter w = new JsonLinesTapeWriter(sink, header);
        for (int i = 0; i < 10; i++) {
            w.write(new Frame(i, i, Direction.CLIENT_TO_SERVER, TapeJson.parse("{\"id\":" + i + "}"), transport, null,
                    null, null));
        }
        assertThat(flushes[0]).isZero();
        assertThat(sink.size()).isZero(); // all ten lines still in the writer's buffer
        w.flush();
        List<TapeRecord> back = readAll(sink.toByteArray(), TapeId.of("t"));
        assertThat(back).hasSize(10);
        assertThat(((Frame) back.get(9)).transport()).isEqualTo(transport);
        assertThat(new String(sink.toByteArray(), UTF_8)).contains("\"transport\":{\"chain\":\"ab12\",\"transport\":"
                + "{\"http\":{\"status\":200,\"h\":[1.50,null,true]}}}");
    }

    @Test
    void completeExampleReadsBackExactlyAndIsRewrittenByteForByte() throws IOException {
        byte[] example = Resources.bytes("example-complete.jsonl");
        List<TapeRecord> records = readAll(example, null);
        assertThat(records).hasSize(9);
        TapeHeader init = (TapeHeader) records.get(0);
        assertThat(init.id().value()).isEqualTo("a1b2c3d4-e5f6-7890-abcd-ef1234567890");
        assertThat(init.sessionId()).isEqualTo("session-123");
        assertThat(init.createdAt()).isEqualTo(Instant.parse("2025-08-14T10:30:00Z"));
        assertThat(init.protocolVersion()).isEqualTo("2025-11-05");

        Frame first = (Frame) records.get(1);
        assertThat(first.seq()).isZero();
        assertThat(first.direction()).isEqualTo(Direction.CLIENT_TO_SERVER);
        assertThat(first.message().get("id").isInt()).isTrue();
        assertThat(first.message().path("params").path("protocol_version").asText()).isEqualTo("2025-11-05");
        assertThat(first.transport().path("stdio").path("args").get(0).asText()).isEqualTo("--debug");
        assertThat(first.correlationId()).isEqualTo("req-1");
        assertThat(first.flags()).isEqualTo(new FrameFlags(false, false, true));
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2025-08-14T10:30:00.100Z"));

        Correlation corr = (Correlation) records.get(3);
        assertThat(corr).isEqualTo(new Correlation("corr-1", 0, 1, 0, 50, 50, CorrelationStatus.SUCCESS));
        Frame notification = (Frame) records.get(7);
        assertThat(notification.correlationId()).isNull();
        assertThat(notification.flags().isNotification()).isTrue();
        Checkpoint end = (Checkpoint) records.get(8);
        assertThat(end.seq()).isEqualTo(4);
        assertThat(end.stats().frameCount()).isEqualTo(5);
        assertThat(end.stats().clientToServer()).isEqualTo(3);
        assertThat(end.stats().correlationCount()).isEqualTo(2);

        // The example has no final newline; our writer ends every line with one, otherwise identical.
        assertThat(new String(writeAll(records), UTF_8)).isEqualTo(new String(example, UTF_8) + "\n");
    }

    @Test
    void minimalExampleIsAnEmptyTape() throws IOException {
        Tape tape = JsonLinesTapeReader.readTape(new ByteArrayInputStream(Resources.bytes("example-minimal.jsonl")),
                null, null, "example-minimal.jsonl");
        assertThat(tape.id().value()).isEqualTo("550e8400-e29b-41d4-a716-446655440000");
        assertThat(tape.header().sessionId()).isEqualTo("test-session");
        assertThat(tape.frames()).isEmpty();
        assertThat(tape.metadata().status()).isEqualTo(TapeStatus.RECORDING);
        assertThat(new String(writeAll(List.of(tape.header())), UTF_8))
                .isEqualTo(new String(Resources.bytes("example-minimal.jsonl"), UTF_8) + "\n");
    }

    @Test
    void wholeTapeWriterReproducesTheExampleOrder() throws IOException {
        byte[] example = Resources.bytes("example-complete.jsonl");
        TapeHeader meta = TapeMetaJson.read(new ByteArrayInputStream(Resources.bytes("example-complete.meta.json")),
                "meta");
        Tape tape = JsonLinesTapeReader.readTape(new ByteArrayInputStream(example), meta, null, "example");
        assertThat(tape.frames()).hasSize(5);
        assertThat(tape.correlations()).hasSize(2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TapeStatsCollector stats = JsonLinesTapeWriter.writeTape(tape, out);
        assertThat(out.toString(UTF_8)).isEqualTo(new String(example, UTF_8) + "\n");
        assertThat(stats.performance()).isEqualTo(meta.metadata().performance());
    }

    @Test
    void corruptLineIsSkippedWithAWarningNamingTheLine() throws IOException {
        String text = header() + "\n"
                + frame(0) + "\n"
                + "{\"type\":\"frame\",\"seq\":1,\"ts\":\n"
                + "{\"type\":\"frame\",\"seq\":2,\"ts\":5,\"dir\":\"client_to_server\"}\n"
                + frame(3) + "\n";
        try (JsonLinesTapeReader r = reader(text)) {
            List<Long> seqs = new ArrayList<>();
            for (TapeRecord rec = r.next(); rec != null; rec = r.next()) {
                if (rec instanceof Frame f) {
                    seqs.add(f.seq());
                }
            }
            assertThat(seqs).containsExactly(0L, 3L);
            assertThat(r.skippedLines()).isEqualTo(2);
            assertThat(r.problems()).hasSize(2);
            assertThat(r.problems().get(0)).contains("line 3").contains("not valid JSON");
            assertThat(r.problems().get(1)).contains("line 4").contains("no message");
            assertThat(r.hadTornTail()).isFalse();
        }
    }

    @Test
    void tornLastLineIsIgnoredQuietly() throws IOException {
        String full = header() + "\n" + frame(0) + "\n" + frame(1) + "\n";
        String torn = full + frame(2).substring(0, 40);
        try (JsonLinesTapeReader r = reader(torn)) {
            int frames = 0;
            for (TapeRecord rec = r.next(); rec != null; rec = r.next()) {
                frames += rec instanceof Frame ? 1 : 0;
            }
            assertThat(frames).isEqualTo(2);
            assertThat(r.hadTornTail()).isTrue();
            assertThat(r.skippedLines()).isZero();
        }
    }

    @Test
    void unknownTypesAndFieldsAreIgnored() throws IOException {
        String text = header() + "\n"
                + "{\"type\":\"annotation\",\"text\":\"hello\"}\n"
                + frame(0).replace("\"type\":\"frame\"", "\"type\":\"frame\",\"future_field\":{\"x\":1}") + "\n"
                + "{\"type\":\"correlation\",\"id\":\"c\",\"request_seq\":0,\"response_seq\":0,\"extra\":true}\n";
        List<TapeRecord> records = readAll(text.getBytes(UTF_8), null);
        assertThat(records).hasSize(3);
        assertThat(records.get(2)).isEqualTo(new Correlation("c", 0, 0, 0, 0, 0, CorrelationStatus.SUCCESS));
    }

    @Test
    void earlyDraftVariantsAreRead() throws IOException {
        String text = "{\"type\":\"header\",\"tape_id\":\"draft-1\",\"session_id\":\"s\",\"created_at\":\"2025-01-01T00:00:00Z\"}\n"
                + "{\"type\":\"frame\",\"sequence\":0,\"timestamp\":15,\"envelope\":{\"message\":{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":\"a\"},\"direction\":\"ClientToServer\"}}\n"
                + "{\"type\":\"frame\",\"sequence\":1,\"timestamp\":\"2025-01-01T00:00:00.040Z\",\"direction\":\"server_to_client\",\"message\":{\"jsonrpc\":\"2.0\",\"result\":{},\"id\":\"a\"}}\n"
                + "{\"type\":\"footer\",\"frame_count\":2}\n";
        Tape tape = JsonLinesTapeReader.readTape(new ByteArrayInputStream(text.getBytes(UTF_8)), null, null, "draft");
        assertThat(tape.id().value()).isEqualTo("draft-1");
        assertThat(tape.frames()).hasSize(2);
        assertThat(tape.frames().get(0).ts()).isEqualTo(15);
        assertThat(tape.frames().get(0).direction()).isEqualTo(Direction.CLIENT_TO_SERVER);
        assertThat(tape.frames().get(0).message().get("id").isTextual()).isTrue();
        assertThat(tape.frames().get(1).ts()).isEqualTo(40);
        assertThat(tape.frames().get(1).direction()).isEqualTo(Direction.SERVER_TO_CLIENT);
        assertThat(tape.frames().get(1).timestamp()).isEqualTo(Instant.parse("2025-01-01T00:00:00.040Z"));
    }

    @Test
    void windowsLineEndingsAndBomAreAccepted() throws IOException {
        String text = "\uFEFF" + header() + "\r\n" + frame(0) + "\r\n";
        assertThat(readAll(text.getBytes(UTF_8), null)).hasSize(2);
    }

    @Test
    void fileWithoutInitAndWithoutMetadataIsRejectedNamingIt() {
        String text = frame(0) + "\n";
        assertThatThrownBy(() -> JsonLinesTapeReader.readTape(new ByteArrayInputStream(text.getBytes(UTF_8)), null,
                null, "orphan.jsonl"))
                .isInstanceOf(TapeFormatException.class)
                .hasMessageContaining("orphan.jsonl line 1").hasMessageContaining("no init record");
    }

    @Test
    void messagesSurviveVerbatim() throws IOException {
        String message = "{\"jsonrpc\":\"2.0\",\"id\":\"7\",\"method\":\"x\",\"params\":{\"big\":123456789012345678901234567890,"
                + "\"dec\":1.10,\"exp\":1.5E+300,\"neg\":-0.000001,\"text\":\"Zürich 日本語 🎉 \\\"q\\\" \\n \\u0000\","
                + "\"nested\":[null,true,false,{\"z\":1,\"a\":2}],\"unknown_field\":{}}}";
        JsonNode parsed = TapeJson.parse(message);
        Frame f = Frame.of(0, 0, Direction.CLIENT_TO_SERVER, parsed);
        TapeHeader h = new TapeHeader(TapeId.of("t"), "s", Instant.parse("2025-01-01T00:00:00Z"), null, null);
        byte[] bytes = writeAll(List.of(h, f));
        assertThat(new String(bytes, UTF_8).split("\n")).hasSize(2);
        Frame back = (Frame) readAll(bytes, null).get(1);
        assertThat(back).isEqualTo(f);
        assertThat(TapeJson.compact(back.message())).isEqualTo(message.replace("1.5E+300", "1.5E+300"));
        assertThat(back.message().get("id").isTextual()).isTrue();
    }

    /** Texts long enough to go through RawUtf8 and short ones through Jackson come out as the same bytes. */
    @ParameterizedTest
    @ValueSource(ints = {10, io.shadowcat.tape.internal.RawUtf8.WORTH_IT - 40, io.shadowcat.tape.internal.RawUtf8.WORTH_IT, 100_000})
    void aMessageTextIsWrittenAsItsUtf8BytesWhateverItsLength(int length) throws IOException {
        String filler = "Grüezi 日本語 🎉 \\\"q\\\" ";
        StringBuilder value = new StringBuilder();
        while (value.length() < length) {
            value.append(filler);
        }
        String text = "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{\"v\":\"" + value + "\"}}";
        Frame f = Frame.ofText(0, 0, Direction.CLIENT_TO_SERVER, text);
        TapeHeader h = new TapeHeader(TapeId.of("t"), "s", Instant.parse("2025-01-01T00:00:00Z"), null, null);
        byte[] bytes = writeAll(List.of(h, f));
        String line = new String(bytes, UTF_8).split("\n")[1];
        assertThat(line).contains("\"message\":" + text + ",");
        Frame back = (Frame) readAll(bytes, null).get(1);
        assertThat(back.text()).isEqualTo(text);
        assertThat(back).isEqualTo(f);
    }

    @Test
    void largePayloadsBeyondJacksonsDefaultLimitSurvive() throws IOException {
        String big = "x".repeat(25_000_000) + "é";
        JsonNode message = TapeJson.mapper().createObjectNode().put("jsonrpc", "2.0").put("method", "big")
                .put("payload", big);
        TapeHeader h = new TapeHeader(TapeId.of("big"), null, Instant.EPOCH, null, null);
        byte[] bytes = writeAll(List.of(h, Frame.of(0, 0, Direction.CLIENT_TO_SERVER, message)));
        Frame back = (Frame) readAll(bytes, null).get(1);
        assertThat(back.message().get("payload").asText()).isEqualTo(big);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20260101})
    void seededRandomMessagesRoundTrip(long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        TapeHeader h = new TapeHeader(TapeId.of("seeded-" + seed), "s" + seed, Instant.ofEpochMilli(random.nextLong(1L << 42)),
                "2025-06-18", null);
        List<TapeRecord> records = new ArrayList<>();
        records.add(h);
        for (int i = 0; i < 200; i++) {
            JsonNode message = RandomJson.message(random);
            Direction d = random.nextBoolean() ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
            records.add(new Frame(i, i * 3L, d, message, random.nextBoolean() ? null
                    : TapeJson.parse("{\"stdio\":{\"process_id\":" + random.nextInt(99999) + "}}"),
                    random.nextBoolean() ? null : "c" + i, null,
                    random.nextBoolean() ? null : h.createdAt().plusMillis(i * 3L + 1)));
            if (i % 10 == 9) {
                records.add(new Correlation("corr-" + i, i - 1, i, i * 3L - 3, i * 3L, 3, CorrelationStatus.SUCCESS));
            }
        }
        List<TapeRecord> back = readAll(writeAll(records), null);
        assertThat(back).hasSameSizeAs(records);
        for (int i = 0; i < records.size(); i++) {
            assertThat(back.get(i)).as("record %d", i).isEqualTo(records.get(i));
        }
    }

    private static JsonLinesTapeReader reader(String text) {
        return new JsonLinesTapeReader(new ByteArrayInputStream(text.getBytes(UTF_8)), "test.jsonl", null);
    }

    private static String header() {
        return "{\"type\":\"init\",\"version\":\"2.0\",\"tape_id\":\"t1\",\"session_id\":\"s\",\"created_at\":\"2025-01-01T00:00:00.000Z\",\"protocol_version\":null}";
    }

    private static String frame(long seq) {
        return "{\"type\":\"frame\",\"seq\":" + seq + ",\"ts\":" + seq * 10 + ",\"dir\":\"client_to_server\",\"env\":{\"message\":{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":" + seq + "}}}";
    }

    /*
     * Issue 14 fidelity item 7: the init line is written before the handshake, so a bare .jsonl (no meta) had
     * protocol_version null; the version the server agreed in its initialize result is used instead.
     */
    /* Issue 14 fidelity item 6: the text is the tape's, byte for byte; a multi-line text stays one line. */
    @Test
    void eachMessageIsWrittenAndReadAsItsOriginalText() throws IOException {
        TapeHeader h = new TapeHeader(TapeId.of("text"), "s", Instant.parse("2026-01-01T00:00:00Z"), null, null);
        String exact = "{\"jsonrpc\":\"2.0\", \"id\":1,\"result\":{\"n\":1e2,\"z\":-0,\"f\":-0.0,\"s\":\"\\u00e9\\/\ud83d\ude00\"}}";
        String pretty = "{\n  \"jsonrpc\": \"2.0\",\r\n  \"method\": \"n\", \"params\": {\"x\": 1.50}\n}";
        byte[] bytes = writeAll(List.of(h, Frame.ofText(0, 0, Direction.SERVER_TO_CLIENT, exact),
                Frame.ofText(1, 1, Direction.SERVER_TO_CLIENT, pretty)));

        String file = new String(bytes, UTF_8);
        assertThat(file.lines()).hasSize(3);
        assertThat(file).contains("\"env\":{\"message\":" + exact + ",");
        List<TapeRecord> back = readAll(bytes, null);
        assertThat(((Frame) back.get(1)).text()).isEqualTo(exact);
        assertThat(((Frame) back.get(2)).text()).isEqualTo(pretty);
        assertThat(((Frame) back.get(2)).message()).isEqualTo(TapeJson.parse(pretty));
        assertThat(writeAll(back)).as("rewritten byte for byte").isEqualTo(bytes);

        // a tape written before: its message as Jackson wrote it is its text
        String old = "{\"type\":\"frame\",\"seq\":0,\"ts\":0,\"dir\":\"server_to_client\",\"env\":{\"message\":"
                + "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"n\":1E+2}},\"direction\":\"server_to_client\"}}\n";
        String init = "{\"type\":\"init\",\"version\":\"2.0\",\"tape_id\":\"old\",\"created_at\":\"2025-01-01T00:00:00.000Z\"}\n";
        Frame legacy = (Frame) readAll((init + old).getBytes(UTF_8), null).get(1);
        assertThat(legacy.text()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"n\":1E+2}}");
        // a text beside the message that is not that message is not trusted
        String forged = old.replace(",\"direction\"", ",\"text\":\"{}\",\"direction\"");
        assertThat(((Frame) readAll((init + forged).getBytes(UTF_8), null).get(1)).text())
                .isEqualTo(legacy.text());
    }

    /* Issue 14 fidelity item 7: a request the session ended without answering is flagged by its correlation. */
    @Test
    void anUnansweredRequestIsACorrelationWithoutAResponse() throws IOException {
        TapeHeader h = new TapeHeader(TapeId.of("open"), "s", Instant.parse("2026-01-01T00:00:00Z"), null, null);
        Frame request = Frame.ofText(0, 5, Direction.CLIENT_TO_SERVER, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"slow\"}");
        Correlation open = Correlation.unanswered("corr-1", 0, 5);
        byte[] bytes = writeAll(List.of(h, request, open));

        assertThat(new String(bytes, UTF_8)).contains("{\"type\":\"correlation\",\"id\":\"corr-1\",\"request_seq\":0,"
                + "\"response_seq\":null,\"request_ts\":5,\"response_ts\":null,\"rtt_ms\":null,\"status\":\"unanswered\"}");
        assertThat(readAll(bytes, null).get(2)).isEqualTo(open);
        TapeStatsCollector stats = new TapeStatsCollector();
        readAll(bytes, null).forEach(stats::accept);
        assertThat(stats.stats(0).correlationCount()).isEqualTo(1);
        assertThat(stats.performance().avgRttMs()).as("no round trip to average").isZero();
    }

    @Test
    void aBareFileTakesTheProtocolVersionFromTheInitializeResult() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TapeHeader header = new TapeHeader(TapeId.of("bare"), "s", Instant.parse("2026-01-01T00:00:00Z"), null, null);
        try (JsonLinesTapeWriter w = new JsonLinesTapeWriter(out, header)) {
            w.write(header);
            w.write(Frame.of(0, 0, Direction.CLIENT_TO_SERVER, TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":0,"
                    + "\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}")));
            w.write(Frame.of(1, 3, Direction.SERVER_TO_CLIENT, TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":0,"
                    + "\"result\":{\"protocolVersion\":\"2025-06-18\",\"serverInfo\":{\"name\":\"x\"},\"capabilities\":{}}}")));
        }
        assertThat(out.toString(UTF_8)).contains("\"protocol_version\":null");
        Tape tape = JsonLinesTapeReader.readTape(new ByteArrayInputStream(out.toByteArray()), null, null, "bare");
        assertThat(tape.header().protocolVersion()).as("the server's answer, not the client's ask").isEqualTo("2025-06-18");
    }
}
