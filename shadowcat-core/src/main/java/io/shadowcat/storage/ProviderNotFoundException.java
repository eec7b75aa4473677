package io.shadowcat.storage;

/** No provider is registered under this name. */
public final class ProviderNotFoundException extends StorageException {

    private static final long serialVersionUID = 1L;

    private final String provider;

    public ProviderNotFoundException(String provider, java.util.Collection<String> available) {
        super("unknown storage provider: " + provider + " (available: " + String.join(", ", available) + ")");
        this.provider = provider;
    }

    public String provider() {
        return provider;
    }
}
