package io.ectar.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShardNameTest {

    @Test
    void formatsWithMinimumWidths() {
        assertThat(new ShardName("backup", 1, 0).fileName()).isEqualTo("backup.c001.s00");
        assertThat(new ShardName("backup", 1000, 123).fileName()).isEqualTo("backup.c1000.s123");
    }

    @Test
    void parsesBaseNamesWithDots() {
        assertThat(ShardName.parse("backup.2026.11.21.c012.s03"))
                .contains(new ShardName("backup.2026.11.21", 12, 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"backup.c01.s00", "backup.c001.s0", "backup.c000.s00", ".c001.s00",
            "backup.c001.s256", "backup.index.zst", "backup.c001.s00.tmp"})
    void rejectsWhatIsNotAShardName(String name) {
        assertThat(ShardName.parse(name)).isEmpty();
    }

    @Test
    void roundTripsThroughItsFileName() {
        ShardName name = new ShardName("a.b", 7, 14);
        assertThat(ShardName.parse(name.fileName())).contains(name);
    }

    @Test
    void rejectsOutOfRangeNumbers() {
        assertThatThrownBy(() -> new ShardName("b", 0, 0)).hasMessageContaining("start at 1");
        assertThatThrownBy(() -> new ShardName("b", 1, -1)).hasMessageContaining("0..255");
    }
}
