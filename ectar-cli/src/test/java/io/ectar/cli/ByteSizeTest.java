package io.ectar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0", "4096, 4096", "12B, 12", "1K, 1024", "1KB, 1024", "1KiB, 1024", "64k, 65536", "3 kib, 3072",
        "1M, 1048576", "256MB, 268435456", "256MiB, 268435456", "1G, 1073741824", "2GB, 2147483648",
        "2GiB, 2147483648", "1T, 1099511627776", "1TB, 1099511627776", "1TiB, 1099511627776",
        "' 7 M ', 7340032", "8388607T, 9223370937343148032"})
    void parsesPlainBytesAndBinaryUnits(String text, long bytes) {
        assertThat(ByteSize.parse(text).bytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "K", "-1", "1.5G", "1e6", "12 bytes", "1P", "1KiBB", "1 M B", "0x10", "1,024",
        "1Ki", "MiB"})
    void rejectsAnythingElseSayingWhatIsAccepted(String text) {
        assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid size '" + text + "': use a whole number of bytes, optionally followed by K, KB,"
                        + " KiB, M, MB, MiB, G, GB, GiB, T, TB or TiB (all multiples of 1024), e.g. 256MiB");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8388608T", "9223372036854775808", "99999999999999999999999"})
    void rejectsOverflow(String text) {
        assertThatThrownBy(() -> ByteSize.parse(text)).hasMessage("invalid size '" + text + "': too large (at most 8 EiB - 1)");
    }

    @ParameterizedTest
    @CsvSource({"0, 0 B", "1000, 1000 B", "1024, 1 KiB", "1572864, 1536 KiB", "268435456, 256 MiB",
        "1099511627776, 1 TiB", "2199023255552, 2 TiB"})
    void printsInTheLargestExactUnitAndParsesBack(long bytes, String text) {
        assertThat(ByteSize.ofBytes(bytes)).hasToString(text);
        assertThat(ByteSize.parse(text).bytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, Long.MIN_VALUE})
    void negativeSizesDoNotExist(long bytes) {
        assertThatThrownBy(() -> ByteSize.ofBytes(bytes)).isInstanceOf(IllegalArgumentException.class);
    }
}
