package io.shadowcat.storage;

/** No provider is registered under this name. */
public final class ProviderNotFoundException extends StorageException {

    private static final long serialVersionUID = 1L;

    private final String provider;

    public ProviderNotFoundException(String provider, java.util.Collection<String> available) {
        this(provider, available, null);
    }

    /** @param origin where the name came from (e.g. {@code SHADOWCAT_STORAGE_PROVIDER}), or null */
    public ProviderNotFoundException(String provider, java.util.Collection<String> available, String origin) {
        super("unknown storage provider: " + provider + (origin == null ? "" : " (from " + origin + ")")
                + " (available: " + String.join(", ", available) + "); " + pluginHint());
        this.provider = provider;
    }

    // Where a provider from another jar would have come from, and where it is looked for now.
    private static String pluginHint() {
        String dir = System.getenv(StorageRegistry.PLUGIN_DIR_ENV);
        return "a provider from another jar is found in the directory named by " + StorageRegistry.PLUGIN_DIR_ENV
                + (dir == null || dir.isBlank() ? ", which is not set" : " (now " + dir + ")");
    }

    public String provider() {
        return provider;
    }
}
