package io.shadowcat.storage;

/** A provider cannot be unregistered while backends it created are still open. */
public final class ProviderInUseException extends StorageException {

    private static final long serialVersionUID = 1L;

    private final String provider;
    private final int liveInstances;

    public ProviderInUseException(String provider, int liveInstances) {
        super("storage provider " + provider + " is in use by " + liveInstances + " open backend(s): close them before unregistering");
        this.provider = provider;
        this.liveInstances = liveInstances;
    }

    public String provider() {
        return provider;
    }

    public int liveInstances() {
        return liveInstances;
    }
}
