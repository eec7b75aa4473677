package io.shadowcat.tape;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test resources copied from the shared format examples. */
final class Resources {

    private Resources() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Resources.class.getResourceAsStream("/formats/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
