package io.shadowcat.tape;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.shadowcat.storage.support.TapeMetaJson;
import io.shadowcat.storage.support.TapeStatsCollector;
import io.shadowcat.tape.internal.JsonFields;
import io.shadowcat.tape.internal.JsonText;
import static io.shadowcat.tape.internal.JsonFields.text;

/**
 * Reads a Shadowcat JSON Lines tape record by record, leniently, the way
 * {@code docs/shadowcat-tape-format.md} asks:
 *
 * <ul>
 *   <li>a line that is not a valid record is skipped with a warning naming the line, and so is a frame whose
 *       {@code seq} is not greater than the previous frame's ({@link FrameOrder}: a duplicate or out-of-order
 *       frame), so every provider reads and imports such a file alike;
 *   <li>an incomplete last line (a write cut short by a crash, or a tape still being written) is ignored;
 *   <li>unknown record types and unknown fields are ignored, optional fields may be absent or null;
 *   <li>early drafts are understood: {@code header} for {@code init}, {@code sequence}/{@code timestamp}/
 *       {@code envelope} for {@code seq}/{@code ts}/{@code env}, a flat {@code message} and {@code direction},
 *       a {@code footer} record (ignored).
 * </ul>
 *
 * <p>Memory use is one line at a time, so a tape of any length can be streamed. A line longer than
 * {@link FrameSizeLimit#bytes()} is not read into memory: it ends the reading with a
 * {@link FrameTooLargeException} naming the frame, the line and the file. Not thread-safe.
 */
public final class JsonLinesTapeReader implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesTapeReader.class);
    private static final int MAX_KEPT_PROBLEMS = 100;

    private final InputStream in;
    private final String source;
    private final TapeId expectedId;
    private final LineSplitter lines;
    private final List<String> problems = new ArrayList<>();
    private int skipped;
    private boolean tornTail;
    private TapeHeader header;
    private FrameOrder order;

    /**
     * @param in the tape file's bytes; closed by {@link #close()}
     * @param source names the file in warnings and errors
     * @param expectedId the id the tape is stored under, used when the {@code init} record lacks a valid one;
     *     may be null
     */
    public JsonLinesTapeReader(InputStream in, String source, TapeId expectedId) {
        this.in = Objects.requireNonNull(in, "in");
        this.source = Objects.requireNonNull(source, "source");
        this.expectedId = expectedId;
        this.lines = new LineSplitter(in, FrameSizeLimit.bytes());
    }

    /** The next record, or null at the end. */
    public TapeRecord next() throws IOException {
        while (nextLine()) {
            TapeRecord record = parseLine();
            if (record != null) {
                return record;
            }
        }
        return null;
    }

    private boolean nextLine() throws IOException {
        try {
            return lines.next();
        } catch (LineTooLong e) {
            TapeId tape = expectedId != null ? expectedId : header != null ? header.id() : null;
            throw new FrameTooLargeException(e.seq, tape, "line " + e.number + " of " + source, e.bytes, e.limit);
        }
    }

    /** The {@code init} record, once read (it normally comes first), or null. */
    public TapeHeader header() {
        return header;
    }

    /** How many lines were skipped as corrupt (a torn last line is not counted). */
    public int skippedLines() {
        return skipped;
    }

    /** True when the last line was incomplete and ignored. */
    public boolean hadTornTail() {
        return tornTail;
    }

    /** The warnings so far, one line each (at most the first hundred). */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The remaining records as a lazy stream; closing the stream closes this reader. */
    public Stream<TapeRecord> stream() {
        Iterator<TapeRecord> it = new Iterator<>() {
            private TapeRecord next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = JsonLinesTapeReader.this.next();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return next != null;
            }

            @Override
            public TapeRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                TapeRecord r = next;
                next = null;
                return r;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(this::closeQuietly);
    }

    /**
     * Reads a whole tape into memory.
     *
     * @param meta the tape's {@code .meta.json} as read by {@link TapeMetaJson}, or null when there is none:
     *     its metadata is used as is; without it, the stats are counted from the records and the status is
     *     finalized when the file ends with a checkpoint, recording otherwise
     * @throws TapeFormatException when there is no {@code init} record and no metadata to stand in for it
     */
    public static Tape readTape(InputStream in, TapeHeader meta, TapeId expectedId, String source) throws IOException {
        TapeId id = expectedId != null ? expectedId : meta != null ? meta.id() : null;
        try (JsonLinesTapeReader reader = new JsonLinesTapeReader(in, source, id)) {
            List<Frame> frames = new ArrayList<>();
            List<Correlation> correlations = new ArrayList<>();
            TapeStatsCollector stats = new TapeStatsCollector();
            TapeRecord last = null;
            for (TapeRecord r = reader.next(); r != null; r = reader.next()) {
                if (r instanceof Frame f) {
                    frames.add(f);
                } else if (r instanceof Correlation c) {
                    correlations.add(c);
                }
                stats.accept(r);
                last = r;
            }
            TapeHeader init = reader.header();
            if (init == null && meta == null) {
                throw new TapeFormatException(source, 1, "no init record: not a Shadowcat JSON Lines tape");
            }
            TapeHeader base = init != null ? init : meta;
            TapeMetadata metadata;
            if (meta != null) {
                metadata = meta.metadata();
            } else {
                TapeStatus status = last instanceof Checkpoint ? TapeStatus.FINALIZED : TapeStatus.RECORDING;
                metadata = TapeMetadata.named(null).withStatus(status).withStats(stats.stats(0))
                        .withPerformance(stats.performance());
            }
            String protocol = base.protocolVersion() != null ? base.protocolVersion()
                    : meta != null && meta.protocolVersion() != null ? meta.protocolVersion()
                    : negotiatedVersion(frames);
            TapeHeader header = new TapeHeader(id != null ? id : base.id(), base.sessionId(), base.createdAt(),
                    protocol, metadata);
            return new Tape(header, frames, correlations);
        }
    }

    /*
     * A recorder writes the init line before the handshake, so a file read without its meta (import of a bare
     * .jsonl) has no protocol version there: the server's initialize result says which one was agreed.
     */
    private static String negotiatedVersion(List<Frame> frames) {
        for (Frame f : frames) {
            if (f.direction() == Direction.SERVER_TO_CLIENT) {
                JsonNode v = f.message().path("result").get("protocolVersion");
                if (v != null && v.isTextual() && f.message().path("result").has("serverInfo")) {
                    return v.asText();
                }
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            LOG.debug("{}: close failed", source, e);
        }
    }

    // One line -> one record; null when the line is skipped.
    private TapeRecord parseLine() throws IOException {
        int start = lines.start();
        int length = lines.length();
        byte[] buf = lines.buffer();
        if (lines.number() == 1 && length >= 3 && (buf[start] & 0xFF) == 0xEF && (buf[start + 1] & 0xFF) == 0xBB
                && (buf[start + 2] & 0xFF) == 0xBF) {
            start += 3;
            length -= 3;
        }
        if (length > 0 && buf[start + length - 1] == '\r') {
            length--;
        }
        if (isBlank(buf, start, length)) {
            return null;
        }
        JsonNode node;
        try {
            node = TapeJson.mapper().readTree(buf, start, length);
        } catch (JsonProcessingException e) {
            if (!lines.terminated()) {
                tornTail = true;
                LOG.debug("{}: ignoring incomplete last line {}", source, lines.number());
                return null;
            }
            return skip("not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            return skip("not a JSON object");
        }
        String type = node.path("type").asText("");
        try {
            switch (type) {
                case "frame":
                    return frame(node, buf, start, length);
                case "correlation":
                    return correlation(node);
                case "checkpoint":
                    return checkpoint(node);
                case "init":
                case "header":
                    if (header != null) {
                        return skip("a second " + type + " record");
                    }
                    header = init(node);
                    return header;
                default:
                    LOG.debug("{}: line {}: ignoring record type '{}'", source, lines.number(), type);
                    return null;
            }
        } catch (IllegalArgumentException e) {
            return skip(e.getMessage());
        }
    }

    private TapeRecord skip(String why) {
        skipped++;
        String problem = source + ": line " + lines.number() + ": skipped corrupt record: " + why;
        if (problems.size() < MAX_KEPT_PROBLEMS) {
            problems.add(problem);
        }
        LOG.warn(problem);
        return null;
    }

    private TapeHeader init(JsonNode n) {
        String idText = text(n, "tape_id", text(n, "id", null));
        TapeId id;
        if (TapeId.isValid(idText)) {
            id = TapeId.of(idText);
            if (expectedId != null && !expectedId.equals(id)) {
                LOG.warn("{}: init names tape {} but it is stored as {}; using {}", source, id, expectedId, expectedId);
                id = expectedId;
            }
        } else if (expectedId != null) {
            id = expectedId;
        } else {
            throw new IllegalArgumentException("init record has no valid tape_id (got '" + idText + "')");
        }
        Instant created = TapeJson.parseInstant(n.get("created_at"));
        if (created == null) {
            created = TapeJson.parseInstant(n.get("timestamp"));
        }
        if (created == null) {
            throw new IllegalArgumentException("init record has no created_at");
        }
        return new TapeHeader(id, text(n, "session_id", null), created, text(n, "protocol_version", null), null);
    }

    private Frame frame(JsonNode n, byte[] line, int start, int length) throws IOException {
        String envName = n.has("env") ? "env" : "envelope";
        JsonNode env = n.get(envName);
        boolean inEnv = env != null && env.has("message");
        JsonNode message = inEnv ? env.get("message") : n.get("message");
        if (message == null || message.isNull() || message.isMissingNode()) {
            throw new IllegalArgumentException("frame has no message");
        }
        // The message as written in the line (a second, shallow pass: the tree does not keep the text)
        JsonNode verbatim = inEnv ? env.get("text") : null;
        String text = verbatim != null && verbatim.isTextual() && isJsonOf(verbatim.textValue(), message)
                ? verbatim.textValue()
                : inEnv ? JsonText.valueText(line, start, length, envName, "message")
                : JsonText.valueText(line, start, length, "message");
        long seq = integer(n, n.has("seq") ? "seq" : "sequence");
        String dir = text(n, "dir", text(n, "direction", env != null ? text(env, "direction", null) : null));
        if (dir == null) {
            throw new IllegalArgumentException("frame " + seq + " has no direction");
        }
        Instant wallClock = env != null ? TapeJson.parseInstant(env.get("timestamp")) : null;
        JsonNode ts = n.get("ts");
        long millis;
        if (ts != null && ts.isIntegralNumber()) {
            millis = ts.asLong();
        } else if (n.path("timestamp").isIntegralNumber()) {
            millis = n.get("timestamp").asLong();
        } else {
            Instant at = n.path("timestamp").isTextual() ? TapeJson.parseInstant(n.get("timestamp")) : wallClock;
            if (wallClock == null) {
                wallClock = at;
            }
            millis = at != null && header != null ? Math.max(0, at.toEpochMilli() - header.createdAt().toEpochMilli()) : 0;
        }
        JsonNode transport = n.get("transport");
        if (transport != null && transport.isNull()) {
            transport = null;
        }
        Frame frame = new Frame(seq, millis, Direction.parse(dir), message, transport,
                text(n, "correlation_id", null), flags(n.get("flags"), message), wallClock, text);
        if (order == null) {
            order = new FrameOrder(expectedId != null ? expectedId : header != null ? header.id() : null);
        }
        order.accept(seq); // a duplicate or out-of-order frame is a corrupt record: skipped, with a warning
        return frame;
    }

    // A multi-line text is kept beside the message (JsonLinesTapeWriter): trusted only when it is that message.
    private static boolean isJsonOf(String text, JsonNode message) {
        try {
            return message.equals(TapeJson.parse(text));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static FrameFlags flags(JsonNode f, JsonNode message) {
        if (f == null || !f.isObject()) {
            return null;
        }
        FrameFlags derived = FrameFlags.of(message);
        return new FrameFlags(f.path("is_error").asBoolean(derived.isError()),
                f.path("is_notification").asBoolean(derived.isNotification()),
                f.path("requires_response").asBoolean(derived.requiresResponse()));
    }

    private static Correlation correlation(JsonNode n) {
        String id = text(n, "id", null);
        if (id == null) {
            throw new IllegalArgumentException("correlation has no id");
        }
        long requestTs = n.path("request_ts").asLong(0);
        CorrelationStatus status = CorrelationStatus.parse(text(n, "status", "success"));
        if (status == CorrelationStatus.UNANSWERED) {
            return Correlation.unanswered(id, integer(n, "request_seq"), requestTs);
        }
        long responseTs = n.path("response_ts").asLong(0);
        long rtt = n.has("rtt_ms") && n.get("rtt_ms").isNumber() ? n.get("rtt_ms").asLong() : responseTs - requestTs;
        return new Correlation(id, integer(n, "request_seq"), integer(n, "response_seq"), requestTs, responseTs, rtt,
                status);
    }

    private Checkpoint checkpoint(JsonNode n) {
        Instant at = TapeJson.parseInstant(n.get("checkpoint_at"));
        if (at == null) {
            at = header != null ? header.createdAt() : Instant.EPOCH;
        }
        return new Checkpoint(at, n.path("seq").asLong(0), JsonFields.stats(n.path("stats")));
    }

    private static long integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a whole number >= 0");
        }
        return v.asLong();
    }

    private static boolean isBlank(byte[] b, int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** A line over the limit, read past without being held. */
    private static final class LineTooLong extends IOException {
        private static final long serialVersionUID = 1L;
        private static final java.util.regex.Pattern SEQ =
                java.util.regex.Pattern.compile("\"(?:seq|sequence)\"\\s*:\\s*(\\d{1,18})");
        final long number;
        final long bytes;
        final long limit;
        final long seq;

        LineTooLong(long number, long bytes, long limit, String head) {
            super("line " + number + " is too long");
            this.number = number;
            this.bytes = bytes;
            this.limit = limit;
            // Shadowcat writes "type" and "seq" first: the frame can be named without parsing the line.
            java.util.regex.Matcher m = SEQ.matcher(head);
            this.seq = head.contains("\"frame\"") && m.find() ? Long.parseLong(m.group(1)) : -1;
        }
    }

    /** Splits a byte stream into lines without decoding them; a line may be as long as the limit. */
    private static final class LineSplitter {
        private static final int HEAD = 512;
        private final InputStream in;
        private final long maxLine;
        private byte[] buf = new byte[64 * 1024];
        private int pos;
        private int limit;
        private int scanned;
        private boolean eof;
        private int lineStart;
        private int lineLength;
        private boolean lineTerminated;
        private long number;

        LineSplitter(InputStream in, long maxLine) {
            this.in = in;
            this.maxLine = maxLine;
        }

        boolean next() throws IOException {
            while (true) {
                for (int i = Math.max(pos, scanned); i < limit; i++) {
                    if (buf[i] == '\n') {
                        return take(i - pos, true, i + 1);
                    }
                }
                scanned = limit;
                if (eof) {
                    return pos < limit && take(limit - pos, false, limit);
                }
                if (limit - pos > maxLine) {
                    throw skipLongLine();
                }
                fill();
            }
        }

        // Reads to the end of the line that is over the limit, counting but keeping only its head.
        private LineTooLong skipLongLine() throws IOException {
            String head = new String(buf, pos, Math.min(HEAD, limit - pos), java.nio.charset.StandardCharsets.ISO_8859_1);
            long bytes = limit - pos;
            pos = limit = scanned = 0;
            int n;
            outer:
            while ((n = in.read(buf, 0, buf.length)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        bytes += i;
                        break outer;
                    }
                }
                bytes += n;
            }
            number++;
            return new LineTooLong(number, bytes, maxLine, head);
        }

        private boolean take(int length, boolean terminated, int nextPos) {
            lineStart = pos;
            lineLength = length;
            lineTerminated = terminated;
            pos = nextPos;
            number++;
            return true;
        }

        private void fill() throws IOException {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                scanned -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }

        byte[] buffer() {
            return buf;
        }

        int start() {
            return lineStart;
        }

        int length() {
            return lineLength;
        }

        boolean terminated() {
            return lineTerminated;
        }

        long number() {
            return number;
        }
    }
}
