package io.shadowcat.storage;

import java.util.Set;
import io.shadowcat.storage.spi.ConfigSchema;
import io.shadowcat.storage.spi.ProviderCapability;

/**
 * What the registry knows of a provider, for listings and {@code shadowcat providers list}.
 *
 * @param liveInstances backends created by this registry and not yet closed
 */
public record ProviderInfo(String name, String displayName, String version, String description,
                           Set<ProviderCapability> capabilities, ConfigSchema configSchema, int liveInstances) {

    public ProviderInfo {
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
    }
}
