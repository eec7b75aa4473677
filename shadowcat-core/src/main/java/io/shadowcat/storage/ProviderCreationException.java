package io.shadowcat.storage;

/** A provider's factory failed to construct a backend (the cause says why). */
public final class ProviderCreationException extends StorageException {

    private static final long serialVersionUID = 1L;
    private final String provider;

    public ProviderCreationException(String provider, Throwable cause) {
        super("cannot create storage provider " + provider + ": " + cause.getMessage(), cause);
        this.provider = provider;
    }

    public String provider() {
        return provider;
    }
}
