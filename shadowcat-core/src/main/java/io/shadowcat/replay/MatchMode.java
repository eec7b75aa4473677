package io.shadowcat.replay;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How {@link ReplayServer} finds the recorded response to a client's request. */
public enum MatchMode {
    /**
     * Same method and params, ignoring {@code _meta} and the id. Repeated identical calls get the recorded
     * responses in recorded order; once those run out, the last one again.
     */
    METHOD_PARAMS("method_params"),
    /** The next recorded request of the same method, whatever its params; none left is a miss. */
    SEQUENTIAL("sequential"),
    /** The next recorded request of the tape, which must have the same method and params (only ids differ). */
    STRICT("strict");

    private final String wireName;

    MatchMode(String wireName) {
        this.wireName = wireName;
    }

    /** The name used on the command line: {@code method_params}, {@code sequential} or {@code strict}. */
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name (case-insensitive; {@code -} may stand for {@code _}). */
    public static MatchMode parse(String text) {
        String normalized = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (MatchMode mode : values()) {
            if (mode.wireName.equals(normalized)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown match mode '" + text + "': use one of "
                + Arrays.stream(values()).map(MatchMode::wireName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
