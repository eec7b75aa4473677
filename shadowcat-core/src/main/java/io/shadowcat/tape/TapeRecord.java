package io.shadowcat.tape;

/**
 * One record of a JSON Lines v2 tape file: the {@code init} line ({@link TapeHeader}), a {@link Frame},
 * a {@link Correlation} or a {@link Checkpoint}.
 *
 * <p>Readers hand records over in file order; writers append them one line each.
 */
public sealed interface TapeRecord permits TapeHeader, Frame, Correlation, Checkpoint {
}
