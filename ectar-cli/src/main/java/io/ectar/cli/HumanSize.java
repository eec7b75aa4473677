package io.ectar.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Sizes for people: {@code 1.5 MiB}, {@code 312 B}. */
final class HumanSize {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private HumanSize() {
    }

    /**
     * One decimal below 100 of a unit, none above; rounded half up from the shortest decimal form of the
     * value, as {@code %.1f} does, but without {@code String.format}, whose first floating-point use loads
     * locale data (tens of milliseconds at the end of every run).
     */
    static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        BigDecimal rounded = new BigDecimal(Double.toString(v)).setScale(v >= 100 ? 0 : 1, RoundingMode.HALF_UP);
        return rounded.toPlainString() + " " + UNITS[unit];
    }
}
