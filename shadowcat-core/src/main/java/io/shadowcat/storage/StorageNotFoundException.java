package io.shadowcat.storage;

/**
 * A storage opened with {@link OpenMode#EXISTING} does not exist (a directory or database file that is not
 * there, or that holds no tapes storage yet); nothing was created. The message names it.
 */
public final class StorageNotFoundException extends StorageException {

    private static final long serialVersionUID = 1L;
    private final String location;

    /**
     * @param provider the provider's name
     * @param location what is missing, as the user configured it (a path, a bucket, a URL)
     * @param what what kind of thing it is, e.g. {@code "tape directory"} or {@code "sqlite database"}
     */
    public StorageNotFoundException(String provider, String location, String what) {
        this(provider, location, what, "path");
    }

    /**
     * @param provider the provider's name
     * @param location what is missing, as the user configured it (a path, a bucket, a URL)
     * @param what     what kind of thing it is, e.g. {@code "redis storage"}
     * @param settings the settings that say where it is, e.g. {@code "url and prefix"}
     */
    public StorageNotFoundException(String provider, String location, String what, String settings) {
        super("no such " + what + ": " + location + " (" + provider + " storage; check the " + settings
                + " setting" + (settings.contains(" and ") ? "s" : "") + " or --storage; commands that store"
                + " tapes, such as record and import, create it)");
        this.location = location;
    }

    /** The missing storage, as configured. */
    public String location() {
        return location;
    }
}
