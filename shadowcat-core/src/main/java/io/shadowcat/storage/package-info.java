/**
 * What users of Shadowcat storage call: the registry that finds and opens providers
 * ({@code StorageRegistry}, {@code RegistryListener}, {@code ProviderInfo}, {@code OpenMode}), the values a
 * storage gives back ({@code TapeSummary}, {@code StorageStats}, {@code HealthStatus}) and the exceptions users
 * catch ({@code StorageException} and subclasses). Beside it: {@code storage.config} (which provider, which
 * settings, from where), {@code storage.query} (listing and search, and their results), {@code storage.migrate}
 * (copying tapes between storages). Provider authors implement {@code io.shadowcat.storage.spi} with the help
 * of {@code io.shadowcat.storage.support}.
 */
package io.shadowcat.storage;
