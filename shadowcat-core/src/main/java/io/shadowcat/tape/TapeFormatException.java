package io.shadowcat.tape;

import java.io.IOException;

/**
 * A tape file cannot be read at all (not merely a skipped line): no usable {@code init} record, a
 * metadata file that is not JSON, a legacy tape without frames. Names the file and, when known, the line.
 */
public final class TapeFormatException extends IOException {

    private static final long serialVersionUID = 1L;
    private final String source;
    private final long line;

    /** @param line the 1-based line, or 0 when the problem is not tied to one */
    public TapeFormatException(String source, long line, String problem) {
        this(source, line, problem, null);
    }

    public TapeFormatException(String source, long line, String problem, Throwable cause) {
        super(source + (line > 0 ? " line " + line : "") + ": " + problem, cause);
        this.source = source;
        this.line = line;
    }

    /** The file or stream that was being read. */
    public String source() {
        return source;
    }

    /** The 1-based line, or 0 when unknown. */
    public long line() {
        return line;
    }
}
