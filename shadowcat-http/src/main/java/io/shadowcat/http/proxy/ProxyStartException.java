package io.shadowcat.http.proxy;

/** The proxy could not start: its listening address is taken or invalid, or its HTTP client failed. */
public final class ProxyStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ProxyStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
