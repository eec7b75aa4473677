package io.shadowcat.storage.layer;

import java.time.Duration;

/** Durations as people write them in settings ({@code 7y}, {@code 30d}, {@code 12h}), for messages. */
final class Durations {

    private Durations() {
    }

    static String text(Duration d) {
        long s = d.getSeconds();
        if (s % (365L * 86400) == 0) {
            return s / (365L * 86400) + "y";
        }
        if (s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
