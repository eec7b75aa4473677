package io.shadowcat.tape;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import io.shadowcat.storage.support.TapeStatsCollector;
import io.shadowcat.tape.internal.JsonText;
import io.shadowcat.tape.internal.RawUtf8;

/**
 * Writes tape records as Shadowcat JSON Lines v2: one compact JSON object per line, {@code \n}-terminated,
 * in the field order Shadowcat itself writes (see {@code docs/shadowcat-tape-format.md}). Append-only: a
 * record, once written, is never rewritten.
 *
 * <p>Output is buffered (a few kilobytes); {@link #flush()} pushes everything written so far to the
 * stream, always at a record boundary. Not thread-safe.
 */
public final class JsonLinesTapeWriter implements Closeable, Flushable {

    /** The format version written in {@code init} records. */
    public static final String FORMAT_VERSION = "2.0";

    private final JsonGenerator out;
    /**
     * Serializes the JSON trees of frames (transport objects, multi-line messages): the generator's own
     * {@code writeTree} makes a provider per call and, as the mapper's {@code FLUSH_AFTER_WRITE_VALUE} says,
     * flushes the stream after each, which cost a file write per frame with a transport object.
     */
    private final SerializerProvider trees = TapeJson.mapper().getSerializerProviderInstance();
    private TapeHeader context;

    /**
     * @param stream where lines go; closed by {@link #close()}
     * @param header the tape being written: frames name its session in their envelope. Not written by the
     *     constructor: write it as the first record.
     */
    public JsonLinesTapeWriter(OutputStream stream, TapeHeader header) throws IOException {
        this.out = TapeJson.mapper().createGenerator(Objects.requireNonNull(stream, "stream"));
        this.out.setRootValueSeparator(null);
        this.context = Objects.requireNonNull(header, "header");
    }

    /** Writes one record as one line. */
    public void write(TapeRecord record) throws IOException {
        if (record instanceof Frame f) {
            writeFrame(f);
        } else if (record instanceof Correlation c) {
            writeCorrelation(c);
        } else if (record instanceof Checkpoint c) {
            writeCheckpoint(c);
        } else if (record instanceof TapeHeader h) {
            writeInit(h);
        }
        out.writeRaw('\n');
    }

    /**
     * Writes a whole tape in Shadowcat's order: {@code init}, the frames, each correlation right after its
     * later frame, and, unless the tape is still recording, a closing checkpoint. Does not close the stream.
     *
     * @throws FrameOrderException when the frames break {@link FrameOrder}'s rule; nothing is written then
     * @return the tape's counters as written (file size 0: the caller knows the bytes)
     */
    public static TapeStatsCollector writeTape(Tape tape, OutputStream stream) throws IOException {
        FrameOrder.check(tape.id(), tape.frames()); // before a byte is written
        JsonLinesTapeWriter writer = new JsonLinesTapeWriter(stream, tape.header());
        TapeStatsCollector stats = new TapeStatsCollector();
        writer.write(tape.header());
        Map<Long, List<Correlation>> after = new HashMap<>();
        Set<Long> seqs = new HashSet<>();
        tape.frames().forEach(f -> seqs.add(f.seq()));
        List<Correlation> orphans = new ArrayList<>();
        for (Correlation c : tape.correlations()) {
            long at = Math.max(c.requestSeq(), c.responseSeq()); // an unanswered one: after its request
            if (seqs.contains(at)) {
                after.computeIfAbsent(at, k -> new ArrayList<>()).add(c);
            } else {
                orphans.add(c);
            }
        }
        for (Frame f : tape.frames()) {
            writer.write(f);
            stats.accept(f);
            for (Correlation c : after.getOrDefault(f.seq(), List.of())) {
                writer.write(c);
                stats.accept(c);
            }
        }
        for (Correlation c : orphans) {
            writer.write(c);
            stats.accept(c);
        }
        TapeMetadata m = tape.metadata();
        if (m.status() != TapeStatus.RECORDING) {
            Instant at = m.finalizedAt() != null ? m.finalizedAt() : m.updatedAt() != null ? m.updatedAt()
                    : tape.header().createdAt().plusMillis(stats.stats(0).durationMs());
            Checkpoint end = new Checkpoint(at, Math.max(0, stats.lastSequence()), stats.stats(0));
            writer.write(end);
            stats.accept(end);
        }
        writer.flush();
        return stats;
    }

    /** Bytes written but not yet passed to the stream. */
    public int buffered() {
        return out.getOutputBuffered();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void writeInit(TapeHeader h) throws IOException {
        context = h;
        out.writeStartObject();
        out.writeStringField("type", "init");
        out.writeStringField("version", FORMAT_VERSION);
        out.writeStringField("tape_id", h.id().value());
        out.writeStringField("session_id", h.sessionId());
        out.writeStringField("created_at", TapeJson.formatInstant(h.createdAt()));
        out.writeStringField("protocol_version", h.protocolVersion());
        out.writeEndObject();
    }

    private void writeFrame(Frame f) throws IOException {
        out.writeStartObject();
        out.writeStringField("type", "frame");
        out.writeNumberField("seq", f.seq());
        out.writeNumberField("ts", f.ts());
        out.writeStringField("dir", f.direction().wireName());
        out.writeObjectFieldStart("env");
        out.writeFieldName("message");
        // The message as it was written. A text with a line break (pretty-printed JSON over HTTP) cannot be
        // one line: its compact form is the message then, and the verbatim text a string beside it.
        boolean multiLine = JsonText.hasLineBreak(f.text());
        if (multiLine) {
            f.message().serialize(out, trees);
        } else {
            // long texts (an encrypted tape's parts) as bytes the JDK encodes; short ones through Jackson,
            // whose char loop costs less than the array RawUtf8 allocates (EncodeBenchmark)
            if (f.text().length() >= RawUtf8.WORTH_IT) {
                out.writeRawValue(new RawUtf8(f.text()));
            } else {
                out.writeRawValue(f.text());
            }
        }
        out.writeStringField("direction", f.direction().wireName());
        if (multiLine) {
            out.writeStringField("text", f.text());
        }
        if (f.timestamp() != null) {
            out.writeStringField("timestamp", TapeJson.formatInstant(f.timestamp()));
        }
        if (context.sessionId() != null) {
            out.writeStringField("session_id", context.sessionId());
        }
        out.writeEndObject();
        out.writeNullField("action");
        out.writeFieldName("transport");
        if (f.transport() == null) {
            out.writeNull();
        } else {
            f.transport().serialize(out, trees);
        }
        out.writeStringField("correlation_id", f.correlationId());
        out.writeObjectFieldStart("flags");
        out.writeBooleanField("is_error", f.flags().isError());
        out.writeBooleanField("is_notification", f.flags().isNotification());
        out.writeBooleanField("requires_response", f.flags().requiresResponse());
        out.writeEndObject();
        out.writeEndObject();
    }

    private void writeCorrelation(Correlation c) throws IOException {
        out.writeStartObject();
        out.writeStringField("type", "correlation");
        out.writeStringField("id", c.id());
        out.writeNumberField("request_seq", c.requestSeq());
        if (c.answered()) {
            out.writeNumberField("response_seq", c.responseSeq());
            out.writeNumberField("request_ts", c.requestTs());
            out.writeNumberField("response_ts", c.responseTs());
            out.writeNumberField("rtt_ms", c.rttMs());
        } else {
            out.writeNullField("response_seq");
            out.writeNumberField("request_ts", c.requestTs());
            out.writeNullField("response_ts");
            out.writeNullField("rtt_ms");
        }
        out.writeStringField("status", c.status().wireName());
        out.writeEndObject();
    }

    private void writeCheckpoint(Checkpoint c) throws IOException {
        TapeStats s = c.stats();
        out.writeStartObject();
        out.writeStringField("type", "checkpoint");
        out.writeStringField("checkpoint_at", TapeJson.formatInstant(c.at()));
        out.writeNumberField("seq", c.seq());
        out.writeObjectFieldStart("stats");
        out.writeNumberField("frame_count", s.frameCount());
        out.writeNumberField("duration_ms", s.durationMs());
        out.writeObjectFieldStart("message_counts");
        out.writeNumberField("client_to_server", s.clientToServer());
        out.writeNumberField("server_to_client", s.serverToClient());
        out.writeEndObject();
        out.writeNumberField("error_count", s.errorCount());
        out.writeNumberField("correlation_count", s.correlationCount());
        out.writeEndObject();
        out.writeEndObject();
    }
}
