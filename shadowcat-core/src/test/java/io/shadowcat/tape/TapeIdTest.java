package io.shadowcat.tape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TapeIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "tape-2026_11_21", "ABCxyz019", "-", "_"})
    void acceptsValidIds(String id) {
        assertThat(TapeId.of(id).value()).isEqualTo(id);
        assertThat(TapeId.isValid(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../etc/passwd", "a/b", "a b", "tape.jsonl", "é", "a\nb", "/abs", "C:\\x"})
    void rejectsEverythingElse(String id) {
        assertThat(TapeId.isValid(id)).isFalse();
        assertThatThrownBy(() -> TapeId.of(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid tape id");
    }

    @Test
    void limitsLengthTo128() {
        assertThat(TapeId.isValid("x".repeat(128))).isTrue();
        assertThat(TapeId.isValid("x".repeat(129))).isFalse();
    }

    @Test
    void errorMessageStaysOnOneLine() {
        assertThatThrownBy(() -> TapeId.of("bad\nid")).hasMessageNotContaining("\n").hasMessageContaining("\\u000a");
    }
}
