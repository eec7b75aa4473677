package io.shadowcat.storage;

/** A provider with this name is already registered. */
public final class ProviderExistsException extends StorageException {

    private static final long serialVersionUID = 1L;

    private final String provider;

    public ProviderExistsException(String provider) {
        super("storage provider already registered: " + provider + " (unregister it first or pick another name)");
        this.provider = provider;
    }

    public String provider() {
        return provider;
    }
}
