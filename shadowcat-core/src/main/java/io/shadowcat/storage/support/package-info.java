/**
 * Support for provider authors: what every provider needs and must get the same as the built-in ones. The
 * tape meta codec ({@link io.shadowcat.storage.support.TapeMetaJson}), stats collection
 * ({@link io.shadowcat.storage.support.TapeStatsCollector}), the reference meaning of a search and its limits
 * ({@link io.shadowcat.storage.support.TapeSearchMatcher}, {@link io.shadowcat.storage.support.TextSignature}),
 * the live-writer rules ({@link io.shadowcat.storage.support.LiveTapes},
 * {@link io.shadowcat.storage.support.StorageState}, {@link io.shadowcat.storage.support.WriterLock}) and file
 * helpers ({@link io.shadowcat.storage.support.FileMode}, {@link io.shadowcat.storage.support.FileProblem},
 * {@link io.shadowcat.storage.support.DurationText}). Public and supported, like the SPI.
 */
package io.shadowcat.storage.support;
