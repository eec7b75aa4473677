package io.shadowcat.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.CorrelationStatus;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.tape.TransportInfo;
import io.shadowcat.testkit.SampleMessages;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Deterministic tapes and stores for the tests. */
final class TestTapes {

    static final Instant T0 = Instant.parse("2026-01-15T10:00:00.000Z");

    private TestTapes() {
    }

    static SqliteTapeStore open(Path db, String... keyValues) {
        Map<String, String> settings = new HashMap<>();
        settings.put("path", db.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return (SqliteTapeStore) new SqliteStorageProvider().create(StorageSettings.of("sqlite", settings));
    }

    static TapeHeader header(String id, String name, Instant created, String... tags) {
        TapeMetadata m = new TapeMetadata(name, "description of " + name, List.of(tags), TapeStatus.FINALIZED,
                TransportInfo.stdio("mcp-server", List.of("--debug"), 4242L), null, null, created.plusSeconds(5),
                created.plusSeconds(5));
        return new TapeHeader(TapeId.of(id), "session-" + id, created, "2025-06-18", m);
    }

    /** {@code count} frames of sample traffic from {@code seed}, alternating directions. */
    static List<Frame> frames(long seed, int count) {
        SampleMessages messages = new SampleMessages(seed);
        List<Frame> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            frames.add(nextFrame(messages, i));
        }
        return frames;
    }

    /** Frame {@code seq} of the sequence {@link #frames} makes, from a generator that has made the ones before. */
    static Frame nextFrame(SampleMessages messages, long seq) {
        JsonNode message = messages.next(1).get(0);
        Frame frame = Frame.of(seq, seq * 10L, seq % 2 == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                message);
        return seq % 3 == 0 ? frame.withTimestamp(T0.plusMillis(seq * 10L)) : frame;
    }

    static Frame frame(long seq, Direction direction, String json) {
        try {
            return Frame.of(seq, seq * 10, direction, Json.read(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** A tape whose metadata stats are what the store counts (so a loaded copy equals it). */
    static Tape tape(String id, String name, Instant created, List<Frame> frames, String... tags) {
        List<Correlation> correlations = new ArrayList<>();
        if (frames.size() >= 2) {
            correlations.add(new Correlation("corr-0", 0, 1, frames.get(0).ts(), frames.get(1).ts(),
                    frames.get(1).ts() - frames.get(0).ts(), CorrelationStatus.SUCCESS));
        }
        return counted(new Tape(header(id, name, created, tags), frames, correlations));
    }

    /** The tape with the stats the store computes for it. */
    static Tape counted(Tape tape) {
        TapeCounters counts = new TapeCounters();
        tape.frames().forEach(f -> counts.add(f, FrameRow.of(f)));
        tape.correlations().forEach(counts::add);
        return new Tape(tape.header().withMetadata(counts.applyTo(tape.metadata())), tape.frames(),
                tape.correlations());
    }
}
