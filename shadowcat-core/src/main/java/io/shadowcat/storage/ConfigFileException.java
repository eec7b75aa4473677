package io.shadowcat.storage;

import java.nio.file.Path;

/** A configuration file cannot be used: unreadable, not TOML, or a key in the wrong place; names file and key. */
public final class ConfigFileException extends StorageException {

    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final int line;

    public ConfigFileException(Path file, String problem, Throwable cause) {
        this(file, 0, problem, cause);
    }

    /** A problem at {@code line} of {@code file} (from 1; 0 when not known): {@code FILE:LINE: problem}. */
    public ConfigFileException(Path file, int line, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** The line of the file the problem is at (from 1), or 0 when it is about the whole file. */
    public int line() {
        return line;
    }
}
