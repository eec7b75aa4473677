package io.shadowcat.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.CorrelationStatus;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.EnvironmentInfo;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.tape.TransportInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic whole tapes for provider tests: frames from {@link SampleMessages}, a correlation for every
 * request/response pair, wall-clock timestamps, transport metadata and full metadata. The same seed
 * always gives the same tape.
 */
public final class SampleTapes {

    /** The instant every sample tape's creation time is counted from. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private SampleTapes() {
    }

    /** A finished tape of {@code frames} frames, created {@code minutesAfterEpoch} minutes after {@link #EPOCH}. */
    public static Tape tape(long seed, String id, int frames, long minutesAfterEpoch) {
        SplittableRandom random = new SplittableRandom(seed);
        Instant created = EPOCH.plusSeconds(60 * minutesAfterEpoch);
        List<JsonNode> messages = new SampleMessages(seed).next(frames);
        List<Frame> out = new ArrayList<>(frames);
        List<Correlation> correlations = new ArrayList<>();
        JsonNode transport = TapeJson.parse("{\"stdio\":{\"process_id\":" + (1000 + random.nextInt(9000)) + "}}");
        long ts = 0;
        for (int i = 0; i < frames; i++) {
            ts += random.nextInt(50);
            Direction d = messages.get(i).has("result") ? Direction.SERVER_TO_CLIENT : Direction.CLIENT_TO_SERVER;
            out.add(new Frame(i, ts, d, messages.get(i), i % 3 == 0 ? transport : null,
                    i % 2 == 0 ? "req-" + i : null, null, random.nextBoolean() ? created.plusMillis(ts + 1) : null));
            if (d == Direction.SERVER_TO_CLIENT && i > 0) {
                Frame request = out.get(i - 1);
                correlations.add(new Correlation("corr-" + i, i - 1, i, request.ts(), ts, ts - request.ts(),
                        random.nextInt(10) == 0 ? CorrelationStatus.ERROR : CorrelationStatus.SUCCESS));
            }
        }
        Instant end = created.plusMillis(ts + 5);
        TapeMetadata metadata = new TapeMetadata("Sample " + id + " ünïcödé", "seed " + seed + " \"quoted\"",
                List.of("sample", "seed-" + (seed % 3)), TapeStatus.FINALIZED,
                TransportInfo.stdio("mcp-server", List.of("--port", "0"), 4242L),
                new EnvironmentInfo("linux", "0.1.0", "host-" + seed, "tester"), null, end, end);
        return new Tape(new TapeHeader(TapeId.of(id), "session-" + seed, created, "2025-06-18", metadata), out,
                correlations);
    }
}
