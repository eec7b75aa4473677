/**
 * The storage provider SPI ({@code TapeStorageBackend}, {@code StorageProviderFactory}), the registry
 * that finds and creates providers, their configuration, and the built-in providers.
 */
package io.shadowcat.storage;
