package io.shadowcat.tape;

import java.util.List;
import java.util.Objects;

/**
 * A recorded session: its header, every JSON-RPC message in order, and the request/response pairs.
 *
 * <p>Loading a whole tape holds every frame in memory; to read long tapes, stream their frames from
 * the storage backend instead.
 */
public record Tape(TapeHeader header, List<Frame> frames, List<Correlation> correlations) {

    public Tape {
        Objects.requireNonNull(header, "header");
        frames = List.copyOf(frames);
        correlations = correlations == null ? List.of() : List.copyOf(correlations);
    }

    public TapeId id() {
        return header.id();
    }

    public TapeMetadata metadata() {
        return header.metadata();
    }
}
