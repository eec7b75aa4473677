package io.ectar.archive.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PaxTimeTest {

    @Test
    void parsesSecondsFractionsAndTimesBeforeTheEpoch() {
        assertThat(PaxTime.parse("1700000000")).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
        assertThat(PaxTime.parse("1.5")).isEqualTo(Instant.ofEpochSecond(1, 500_000_000));
        assertThat(PaxTime.parse("-1.5")).isEqualTo(Instant.ofEpochSecond(-2, 500_000_000));
        assertThat(PaxTime.parse("-0.000000001")).isEqualTo(Instant.ofEpochSecond(-1, 999_999_999));
        assertThat(PaxTime.parse("10.1234567899")).as("digits past the nanosecond are cut")
                .isEqualTo(Instant.ofEpochSecond(10, 123_456_789));
        assertThat(PaxTime.parse("10413792000.987654321")).isEqualTo(Instant.parse("2300-01-01T00:00:00.987654321Z"));
    }

    @Test
    void refusesWhatIsNotAPaxTimeWithoutComputingIt() {
        for (String bad : new String[] {"", "-", "1e999999999", "1.", ".5", "1.5x", "+1", "9".repeat(19), "1 2",
            "-" + "9".repeat(30)}) {
            assertThat(PaxTime.parse(bad)).as(bad).isNull();
        }
    }

    @Test
    void formatsWithTheDigitsNeededAndRoundTrips() {
        assertThat(PaxTime.format(Instant.ofEpochSecond(5))).isEqualTo("5");
        assertThat(PaxTime.format(Instant.ofEpochSecond(5, 100_000_000))).isEqualTo("5.1");
        assertThat(PaxTime.format(Instant.ofEpochSecond(-2, 500_000_000))).isEqualTo("-1.5");
        assertThat(PaxTime.format(Instant.ofEpochSecond(-1, 500_000_000))).isEqualTo("-0.5");
        assertThat(PaxTime.format(Instant.ofEpochSecond(-1, 999_999_999))).isEqualTo("-0.000000001");
        for (Instant t : new Instant[] {Instant.parse("1960-05-01T12:00:00.123456789Z"),
            Instant.parse("2300-01-01T00:00:00.987654321Z"), Instant.parse("1969-12-31T23:59:59.999999999Z"),
            Instant.ofEpochSecond(-1), Instant.parse("1601-01-01T00:00:00.000000001Z")}) {
            assertThat(PaxTime.parse(PaxTime.format(t))).as(t.toString()).isEqualTo(t);
        }
    }
}
