package io.shadowcat.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The tape format's example files, as the format description gives them: {@value #COMPLETE} (every field,
 * with its {@value #COMPLETE_META}) and {@value #MINIMAL} (only what a reader must accept). One copy serves
 * every module's tests, so a change to the format changes them in one place.
 */
public final class ExampleTapes {

    /** A tape using every field of the JSON Lines format. */
    public static final String COMPLETE = "example-complete.jsonl";
    /** The metadata file that goes with {@link #COMPLETE}. */
    public static final String COMPLETE_META = "example-complete.meta.json";
    /** The smallest tape a reader must accept. */
    public static final String MINIMAL = "example-minimal.jsonl";

    /** Where the files sit on the class path (for modules that read them as plain resources). */
    public static final String RESOURCE_DIR = "/io/shadowcat/testkit/examples/";

    private ExampleTapes() {
    }

    /** The bytes of the example file {@code name} (one of the constants above). */
    public static byte[] bytes(String name) {
        try (InputStream in = ExampleTapes.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no example tape file " + name + " under " + RESOURCE_DIR);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
