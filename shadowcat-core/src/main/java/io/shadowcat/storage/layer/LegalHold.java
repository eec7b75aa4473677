package io.shadowcat.storage.layer;

import io.shadowcat.tape.TapeId;
import java.time.Instant;
import java.util.Objects;

/**
 * A legal hold on a tape: it blocks every deletion and replacement until released, whatever the retention
 * settings say.
 *
 * @param reason why, as given to {@code tape hold --reason}
 * @param actor who placed it ({@code user@host}, or {@code SHADOWCAT_ACTOR})
 */
public record LegalHold(TapeId tape, String reason, Instant since, String actor) {

    public LegalHold {
        Objects.requireNonNull(tape, "tape");
        Objects.requireNonNull(since, "since");
        reason = reason == null ? "" : reason;
        actor = actor == null ? "" : actor;
    }
}
