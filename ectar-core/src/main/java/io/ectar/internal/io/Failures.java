package io.ectar.internal.io;

import java.io.IOException;

/** Failures caught on a background thread, thrown again on the thread that consumes its work. */
public final class Failures {

    private Failures() {
    }

    /**
     * Throws {@code cause} again as it was when it is unchecked; otherwise returns it as the IOException for
     * the caller to throw ({@code throw Failures.rethrow(e)}).
     */
    public static IOException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return cause instanceof IOException io ? io : new IOException(cause);
    }
}
