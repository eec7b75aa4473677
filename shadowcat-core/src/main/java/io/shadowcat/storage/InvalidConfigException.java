package io.shadowcat.storage;

/** A setting is missing, unknown or malformed; the message names the key. */
public final class InvalidConfigException extends StorageException {

    private static final long serialVersionUID = 1L;

    private final String provider;
    private final String key;

    public InvalidConfigException(String provider, String key, String problem) {
        super("invalid storage setting " + provider + "." + key + ": " + problem);
        this.provider = provider;
        this.key = key;
    }

    public String provider() {
        return provider;
    }

    /** The offending setting. */
    public String key() {
        return key;
    }
}
