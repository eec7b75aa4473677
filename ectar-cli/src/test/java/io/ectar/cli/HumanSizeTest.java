package io.ectar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HumanSizeTest {

    /** What HumanSize printed when it used String.format, the reference for the hand-made version. */
    private static String reference(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = 0;
        while (v >= 1024 && unit < units.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[unit]);
    }

    @Test
    void agreesWithTheFormatterEverywhere() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            long bytes = random.nextLong() >>> random.nextInt(64);
            assertThat(HumanSize.format(bytes)).as("%d", bytes).isEqualTo(reference(bytes));
        }
        for (long edge : new long[] {0, 1, 1023, 1024, 1025, 1075, 1076, 1126, 102348, 102349, 102399, 102400,
                1048063, 1048064, 1048575, 1048576, Long.MAX_VALUE, (1L << 50) * 1023, (1L << 50) * 1024}) {
            assertThat(HumanSize.format(edge)).as("%d", edge).isEqualTo(reference(edge));
        }
        assertThat(HumanSize.format(1536)).isEqualTo("1.5 KiB");
        assertThat(HumanSize.format(312)).isEqualTo("312 B");
        assertThat(HumanSize.format(150L << 20)).isEqualTo("150 MiB");
    }
}
