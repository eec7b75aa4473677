package io.shadowcat.http;

/** The HTTP recorder could not start, e.g. its listening address is taken; the message says which. */
public final class HttpRecorderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    HttpRecorderException(String message, Throwable cause) {
        super(message, cause);
    }
}
