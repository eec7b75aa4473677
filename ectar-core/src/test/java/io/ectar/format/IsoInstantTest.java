package io.ectar.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantTest {

    private static final long MIN = Instant.MIN.getEpochSecond();
    private static final long MAX = Instant.MAX.getEpochSecond();

    private static Instant randomInstant(Random random) {
        long seconds = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(); // around 1970
            case 1 -> -62_167_219_200L + (long) (random.nextDouble() * 315_569_520_000L); // years 0000-9999
            case 2 -> MIN + (long) (random.nextDouble() * ((double) MAX - MIN)); // anywhere
            default -> 253_402_300_800L + random.nextInt(1000) - 500; // around year 10000
        };
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nanos);
    }

    @Test
    void writesWhatInstantToStringWritesAndReadsItBack() {
        Random random = new Random(17);
        for (int i = 0; i < 200_000; i++) {
            Instant t = randomInstant(random);
            String text = IsoInstant.format(t);
            assertThat(text).isEqualTo(t.toString());
            assertThat(IsoInstant.parse(text)).isEqualTo(t);
        }
        for (Instant t : List.of(Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.ofEpochSecond(-1, 500_000_000),
                Instant.ofEpochSecond(-62_167_219_200L), Instant.ofEpochSecond(-62_167_219_201L, 999_999_999),
                Instant.ofEpochSecond(253_402_300_799L, 999_999_999), Instant.ofEpochSecond(253_402_300_800L))) {
            assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
            assertThat(IsoInstant.parse(t.toString())).isEqualTo(t);
        }
    }

    @Test
    void readsEveryOtherFormAndRefusesEveryBadOneExactlyAsInstantParse() {
        Random random = new Random(99);
        String alphabet = "0123456789-:TZtz.+ ";
        List<String> samples = new java.util.ArrayList<>(List.of("2026-01-02T03:04:05Z", "2026-01-02T03:04:05.1Z",
                "2026-01-02T03:04:05.12Z", "2026-01-02T03:04:05.1234Z", "2026-01-02T03:04:05.123456789Z",
                "2026-01-02T03:04:05.Z", "2026-01-02T03:04:05.1234567891Z", "2026-01-02t03:04:05z",
                "2026-01-02T03:04:05+01:00", "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-04-31T00:00:00Z", "2026-01-02T24:00:00Z", "2026-01-02T23:60:00Z", "2016-12-31T23:59:60Z",
                "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59.5Z", "2026-01-02 03:04:05Z",
                "2026-01-0203:04:05Z", "", "Z", "2026-01-02T03:04Z", "\u0662\u0660\u0662\u0666-01-02T03:04:05Z"));
        for (int i = 0; i < 20_000; i++) {
            // mutations of valid texts: one character replaced, inserted or removed
            StringBuilder s = new StringBuilder(randomInstant(random).toString());
            int at = random.nextInt(s.length());
            switch (random.nextInt(3)) {
                case 0 -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 1 -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                default -> s.deleteCharAt(at);
            }
            samples.add(s.toString());
        }
        for (String text : samples) {
            Instant expected = null;
            Throwable expectedError = catchThrowable(() -> Instant.parse(text));
            if (expectedError == null) {
                expected = Instant.parse(text);
            }
            Instant actual = null;
            Throwable actualError = catchThrowable(() -> IsoInstant.parse(text));
            if (actualError == null) {
                actual = IsoInstant.parse(text);
            }
            assertThat(actual).as(text).isEqualTo(expected);
            assertThat(actualError == null ? null : actualError.getClass()).as(text)
                    .isEqualTo(expectedError == null ? null : expectedError.getClass());
        }
    }
}
