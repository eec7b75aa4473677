package io.shadowcat.storage;

import io.shadowcat.storage.spi.ProviderCapability;

/**
 * An operation or setting needs a capability the provider does not declare: refused, never silently
 * ignored. The message names the provider, the capability and providers' way out.
 */
public final class UnsupportedCapabilityException extends StorageException {

    private static final long serialVersionUID = 1L;
    private final String provider;
    private final ProviderCapability capability;

    /**
     * @param provider   the provider's name
     * @param capability what is missing
     * @param what       what was asked, e.g. {@code "recording a live tape"}
     */
    public UnsupportedCapabilityException(String provider, ProviderCapability capability, String what) {
        super(what + " needs capability " + capability.name().toLowerCase(java.util.Locale.ROOT) + ", which the "
                + provider + " storage provider does not have: see `shadowcat providers list` for one that does");
        this.provider = provider;
        this.capability = capability;
    }

    /** The provider that refused. */
    public String provider() {
        return provider;
    }

    /** The capability it lacks. */
    public ProviderCapability capability() {
        return capability;
    }
}
