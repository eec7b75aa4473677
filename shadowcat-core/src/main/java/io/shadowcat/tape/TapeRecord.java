package io.shadowcat.tape;

/**
 * One record of a JSON Lines v2 tape file: the {@code init} line ({@link TapeHeader}), a {@link Frame},
 * a {@link Correlation} or a {@link Checkpoint}.
 *
 * <p>Readers hand records over in file order; writers append them one line each.
 */
public sealed interface TapeRecord permits TapeHeader, Frame, Correlation, Checkpoint {

    /** The frames among {@code records}, in order; closing the result closes {@code records}. */
    static java.util.stream.Stream<Frame> frames(java.util.stream.Stream<TapeRecord> records) {
        return records.filter(r -> r instanceof Frame).map(r -> (Frame) r);
    }

    /** The correlations among {@code records}, in order; closing the result closes {@code records}. */
    static java.util.stream.Stream<Correlation> correlations(java.util.stream.Stream<TapeRecord> records) {
        return records.filter(r -> r instanceof Correlation).map(r -> (Correlation) r);
    }
}
