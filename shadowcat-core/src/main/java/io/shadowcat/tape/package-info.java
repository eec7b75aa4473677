/**
 * The tape model (tape, frame, correlation, metadata) and its file formats: JSON Lines v2 and the legacy
 * monolithic JSON tape.
 *
 * <p>API: the model ({@code Tape}, {@code TapeHeader}, {@code TapeMetadata}, {@code Frame}, {@code Correlation},
 * {@code Checkpoint}, {@code TapeRecord}, ids, stats and enums), the format rules every reader and writer
 * applies ({@code FrameOrder}, {@code FrameSizeLimit} and their exceptions) and the format entry points
 * ({@code JsonLinesTapeWriter}, {@code JsonLinesTapeReader}, {@code TapeFileReader}, {@code TapeJson},
 * {@code TapeIdGenerator}). {@code LegacyJsonTape} is package-private; {@code io.shadowcat.tape.internal} is
 * not API.
 */
package io.shadowcat.tape;
