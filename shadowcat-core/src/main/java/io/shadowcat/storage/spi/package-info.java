/**
 * The storage provider SPI: what a provider author implements. A provider is a
 * {@link io.shadowcat.storage.spi.StorageProviderFactory} (listed in
 * {@code META-INF/services/io.shadowcat.storage.spi.StorageProviderFactory}) that describes its settings with a
 * {@link io.shadowcat.storage.spi.ConfigSchema} and opens a {@link io.shadowcat.storage.spi.TapeStorageBackend},
 * whose recordings go through a {@link io.shadowcat.storage.spi.TapeWriter}. Helpers every provider needs are in
 * {@link io.shadowcat.storage.support}; the conformance kit is {@code io.shadowcat.testkit.TapeStorageConformance}.
 */
package io.shadowcat.storage.spi;
