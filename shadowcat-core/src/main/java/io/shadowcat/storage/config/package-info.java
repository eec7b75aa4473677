/**
 * Which storage to open and with what: {@link io.shadowcat.storage.config.StorageConfig} resolves the
 * provider and its settings from {@code --storage}, the environment, {@code shadowcat.toml} and the defaults,
 * remembering where each came from; {@link io.shadowcat.storage.config.StorageSettings} is what a provider is
 * created with. API. The parsers of each source ({@code --storage} specs, the TOML file and its key lines) are
 * package-private here: a change to a configuration source goes in this package.
 */
package io.shadowcat.storage.config;
