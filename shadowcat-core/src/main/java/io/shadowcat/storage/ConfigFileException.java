package io.shadowcat.storage;

import java.nio.file.Path;

/** A configuration file cannot be used: unreadable, not TOML, or a key in the wrong place; names file and key. */
public final class ConfigFileException extends StorageException {

    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public ConfigFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
