package io.shadowcat.storage;

/**
 * Base of every storage failure. Subclasses say what went wrong with which provider, key or tape;
 * the message is one line meant for the user and says what to do.
 */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
