package io.shadowcat.tape;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The tape format's example files, read from the testkit's sources (see this module's pom). */
final class Resources {

    private Resources() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Resources.class.getResourceAsStream("/io/shadowcat/testkit/examples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
