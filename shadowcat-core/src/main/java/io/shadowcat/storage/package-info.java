/**
 * What users of Shadowcat storage call: the registry that finds and opens providers
 * ({@code StorageRegistry}), configuration entry points ({@code StorageConfig}, {@code StorageSettings},
 * {@code OpenMode}), queries and their results as values ({@code TapeQuery}, {@code SearchQuery}, {@code Page},
 * {@code TapeSummary}, {@code SearchHit}, {@code StorageStats}, {@code HealthStatus}) and the exceptions users
 * catch ({@code StorageException} and subclasses). Provider authors implement {@code io.shadowcat.storage.spi}
 * with the help of {@code io.shadowcat.storage.support}.
 */
package io.shadowcat.storage;
