package io.shadowcat.recorder;

import java.util.List;

/** The MCP server to record could not be started. Nothing was relayed and no tape was written. */
public final class ChildProcessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ChildProcessException(List<String> command, Throwable cause) {
        super("cannot start '" + String.join(" ", command) + "': " + cause.getMessage()
                + " (check the command after '--' and that it is on PATH)", cause);
    }
}
