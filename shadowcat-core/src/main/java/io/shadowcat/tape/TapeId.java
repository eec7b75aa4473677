package io.shadowcat.tape;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identifier of a tape: 1 to 128 characters from {@code [A-Za-z0-9_-]}.
 *
 * <p>Ids become file names and database keys, so anything else is rejected, never rewritten: a tape
 * is always found under the id it was saved with.
 */
public record TapeId(String value) implements Comparable<TapeId> {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    public TapeId {
        Objects.requireNonNull(value, "tape id");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid tape id '" + printable(value)
                    + "': use 1 to 128 characters from A-Z, a-z, 0-9, '_' and '-'");
        }
    }

    /** Parses a tape id, rejecting anything that is not a valid id. */
    public static TapeId of(String value) {
        return new TapeId(value);
    }

    /** True when {@code value} is a valid tape id. */
    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    @Override
    public int compareTo(TapeId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    // Error messages must stay one line even when the bad id holds control characters.
    private static String printable(String s) {
        String shown = s.length() > 140 ? s.substring(0, 140) + "..." : s;
        StringBuilder out = new StringBuilder(shown.length());
        shown.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
