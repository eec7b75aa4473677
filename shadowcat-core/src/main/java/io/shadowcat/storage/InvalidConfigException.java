package io.shadowcat.storage;

/** A setting is missing, unknown or malformed; the message names the key. */
public final class InvalidConfigException extends StorageException {

    private static final long serialVersionUID = 1L;

    private final String provider;
    private final String key;
    private final String problem;

    public InvalidConfigException(String provider, String key, String problem) {
        super("invalid storage setting " + (provider.isEmpty() ? "" : provider + ".") + key + ": " + problem);
        this.provider = provider;
        this.key = key;
        this.problem = problem;
    }

    public String provider() {
        return provider;
    }

    /** The offending setting. */
    public String key() {
        return key;
    }

    /** What is wrong with it, without the key. */
    public String problem() {
        return problem;
    }
}
