package io.shadowcat.storage.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.TapeSummary;

class TextSignatureTest {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzÄÖÜéè日本語🎉 _-/.\"";

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 99})
    void neverRulesOutTextThatIsThere(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        TextSignature sig = TextSignature.empty();
        List<String> values = new ArrayList<>();
        for (int m = 0; m < 8; m++) {
            ObjectNode msg = JsonNodeFactory.instance.objectNode();
            for (int f = 0; f < 3; f++) {
                StringBuilder v = new StringBuilder();
                for (int i = 3 + r.nextInt(20); i > 0; i--) {
                    v.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                }
                msg.put("k" + f, v.toString());
                values.add(v.toString());
            }
            msg.put("n", r.nextLong());
            values.add(msg.get("n").asText());
            sig.add(msg);
        }
        TextSignature copy = TextSignature.fromBase64(sig.toBase64());
        assertThat(copy).isEqualTo(sig);
        for (String v : values) {
            for (int i = 0; i + 3 <= v.length(); i++) {
                assertThat(copy.mightContain(v.substring(i, Math.min(v.length(), i + 3 + r.nextInt(5)))))
                        .as(v).isTrue();
            }
            assertThat(copy.mightContain(v.toUpperCase())).isTrue();
        }
    }

    @Test
    void rulesOutAbsentWordsOfSmallTapesAndSaysMaybeWhenFull() {
        TextSignature sig = TextSignature.empty();
        sig.add(TapeJson.parse("{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"city\":\"Zürich\"}}"));
        assertThat(sig.mightContain("zürich")).isTrue();
        assertThat(sig.mightContain("reykjavik")).isFalse();
        assertThat(sig.mightContain("xy")).isTrue(); // too short to tell
        TextSignature full = TextSignature.empty();
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 200 && !full.saturated(); i++) {
            full.add(JsonNodeFactory.instance.textNode(Long.toString(r.nextLong(), 36) + Long.toString(r.nextLong(), 36)));
        }
        assertThat(full.saturated()).isTrue();
        assertThat(full.mightContain("reykjavik")).isTrue();
        assertThat(TextSignature.fromBase64("not base64!")).isNull();
    }

    @Test
    void matcherSkipsTapesTheSignatureRulesOut() {
        Frame f = Frame.of(0, 0, Direction.CLIENT_TO_SERVER,
                TapeJson.parse("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"city\":\"Oslo\"}}"));
        TextSignature sig = TextSignature.of(List.of(f));
        TapeSummary s = new TapeSummary(TapeId.of("t"), "name", null, Instant.EPOCH, TapeStatus.FINALIZED, 1, 0, 10,
                List.of());
        TapeSearchMatcher absent = new TapeSearchMatcher(SearchQuery.parse("reykjavik"));
        TapeSearchMatcher.Match m = absent.begin(s, null, null, null, sig);
        assertThat(m.needsFrames()).isFalse();
        assertThat(m.result()).isEmpty();
        TapeSearchMatcher.Match present = new TapeSearchMatcher(SearchQuery.parse("oslo")).begin(s, null, null, null, sig);
        assertThat(present.needsFrames()).isTrue();
        present.accept(f);
        assertThat(present.result()).isPresent();
    }
}
