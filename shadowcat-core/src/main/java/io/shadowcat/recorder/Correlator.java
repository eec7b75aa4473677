package io.shadowcat.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.CorrelationStatus;
import io.shadowcat.tape.Direction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs requests with their responses. JSON-RPC ids are chosen by each side independently, so a request
 * is keyed by its direction and its id (with the id's JSON type: {@code 1} and {@code "1"} differ).
 * Batches are paired element by element.
 */
final class Correlator {

    private record Pending(String correlationId, long seq, long ts, long nanos) {
    }

    /** What one frame contributed: its correlation id (null when none or several) and finished pairs. */
    record Result(String correlationId, List<Correlation> completed) {
        static final Result NONE = new Result(null, List.of());
    }

    private final Map<String, Pending> pending = new HashMap<>();
    private long nextId = 1;

    /** Observes a recorded frame's message and returns its correlation. */
    Result observe(Direction direction, JsonNode message, long seq, long ts, long nanos) {
        if (message.isObject()) {
            return observeOne(direction, message, seq, ts, nanos);
        }
        if (!message.isArray()) {
            return Result.NONE;
        }
        List<Correlation> completed = new ArrayList<>();
        String single = null;
        int ids = 0;
        for (JsonNode element : message) {
            Result r = observeOne(direction, element, seq, ts, nanos);
            completed.addAll(r.completed());
            if (r.correlationId() != null) {
                single = r.correlationId();
                ids++;
            }
        }
        return new Result(ids == 1 ? single : null, List.copyOf(completed));
    }

    /** Requests still waiting for a response. */
    int unanswered() {
        return pending.size();
    }

    /** A correlation for each request still waiting, in tape order: what the tape flags when the session ends. */
    List<Correlation> stillUnanswered() {
        return pending.values().stream().sorted(java.util.Comparator.comparingLong(Pending::seq))
                .map(p -> Correlation.unanswered(p.correlationId(), p.seq(), p.ts())).toList();
    }

    private Result observeOne(Direction direction, JsonNode message, long seq, long ts, long nanos) {
        JsonNode id = message.get("id");
        if (!message.isObject() || id == null || id.isNull()) {
            return Result.NONE;
        }
        if (message.hasNonNull("method")) {
            String correlationId = "corr-" + nextId++;
            pending.put(key(direction, id), new Pending(correlationId, seq, ts, nanos));
            return new Result(correlationId, List.of());
        }
        if (!message.has("result") && !message.has("error")) {
            return Result.NONE;
        }
        Pending request = pending.remove(key(opposite(direction), id));
        if (request == null) {
            return Result.NONE;
        }
        long rttMs = Math.max(0, (nanos - request.nanos()) / 1_000_000);
        CorrelationStatus status = message.has("error") ? CorrelationStatus.ERROR : CorrelationStatus.SUCCESS;
        Correlation pair = new Correlation(request.correlationId(), request.seq(), seq, request.ts(), ts, rttMs, status);
        return new Result(request.correlationId(), List.of(pair));
    }

    private static String key(Direction direction, JsonNode id) {
        // toString keeps the JSON type: 1 vs "1"
        return direction.ordinal() + ":" + id;
    }

    private static Direction opposite(Direction direction) {
        return direction == Direction.CLIENT_TO_SERVER ? Direction.SERVER_TO_CLIENT : Direction.CLIENT_TO_SERVER;
    }
}
