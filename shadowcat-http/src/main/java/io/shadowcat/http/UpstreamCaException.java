package io.shadowcat.http;

/**
 * The CA file given for an {@code https://} upstream cannot be used: missing, unreadable, or holding no PEM
 * certificate. The message names the file and what to give instead.
 */
public final class UpstreamCaException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    UpstreamCaException(String message, Throwable cause) {
        super(message, cause);
    }
}
