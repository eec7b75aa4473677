package io.ectar.format;

/**
 * Zero-padded numbers for file names, the index and the recovery text. Built by hand rather than with
 * {@code String.format}, whose first use loads locale data (tens of milliseconds of every run), and whose
 * {@code %d} would print other digits than 0-9 in some default locales.
 */
final class ZeroPadded {

    private ZeroPadded() {
    }

    /** {@code value} in decimal with at least {@code width} digits, e.g. {@code decimal(7, 3)} is {@code "007"}. */
    static String decimal(long value, int width) {
        return padded(Long.toString(requireNonNegative(value)), width);
    }

    /** {@code value} in octal with at least {@code width} digits, e.g. {@code octal(0644, 4)} is {@code "0644"}. */
    static String octal(long value, int width) {
        return padded(Long.toOctalString(requireNonNegative(value)), width);
    }

    private static String padded(String digits, int width) {
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    private static long requireNonNegative(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("expected a number >= 0, got " + value);
        }
        return value;
    }
}
