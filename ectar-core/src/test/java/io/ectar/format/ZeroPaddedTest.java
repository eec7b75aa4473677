package io.ectar.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZeroPaddedTest {

    @Test
    void agreesWithStringFormatInTheRootLocale() {
        Random random = new Random(20261121);
        for (int i = 0; i < 10_000; i++) {
            long value = switch (i % 4) {
                case 0 -> random.nextInt(1000);
                case 1 -> random.nextInt(07777 + 1);
                case 2 -> random.nextInt() & Integer.MAX_VALUE;
                default -> random.nextLong() & Long.MAX_VALUE;
            };
            int width = 1 + random.nextInt(6);
            assertThat(ZeroPadded.decimal(value, width)).isEqualTo(String.format(Locale.ROOT, "%0" + width + "d", value));
            assertThat(ZeroPadded.octal(value, width)).isEqualTo(String.format(Locale.ROOT, "%0" + width + "o", value));
        }
        assertThat(ZeroPadded.decimal(0, 3)).isEqualTo("000");
        assertThat(ZeroPadded.decimal(1000, 3)).isEqualTo("1000");
        assertThat(ZeroPadded.octal(0644, 4)).isEqualTo("0644");
        assertThat(ZeroPadded.octal(04755, 4)).isEqualTo("4755");
        assertThatThrownBy(() -> ZeroPadded.decimal(-1, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesUseAsciiDigitsWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-EG-u-nu-arab"));
            assertThat(new ArchiveNames("b").shard(12, 3)).isEqualTo("b.c012.s03");
            assertThat(new ArchiveNames("b").indexShard(4)).isEqualTo("b.index.s04");
            assertThat(new IndexEntry("a", EntryType.FILE, 0, 0640, java.time.Instant.EPOCH, 0, 0, null, null, null,
                    null, 1, 0).octalMode()).isEqualTo("0640");
        } finally {
            Locale.setDefault(saved);
        }
    }
}
