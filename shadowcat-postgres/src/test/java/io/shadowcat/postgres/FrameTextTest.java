package io.shadowcat.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The grams that index frame_text: every needle's grams are among those of any text holding it. */
class FrameTextTest {

    private static boolean holdsAll(int[] text, int[] needle) {
        return Arrays.stream(needle).allMatch(g -> Arrays.binarySearch(text, g) >= 0);
    }

    @Test
    void aSubstringsGramsAreAmongTheTextsAndTheyAreDistinctAndSorted() {
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "abcz 0\n\t/_%\\\"zürich日本🎉";
        for (int round = 0; round < 500; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(1, 200);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            int from = random.nextInt(text.length());
            int to = random.nextInt(from, text.length() + 1);
            int[] all = FrameText.grams(text);
            int[] part = FrameText.grams(text.subSequence(from, to));
            assertThat(holdsAll(all, part)).as(text + " / " + from + ".." + to).isTrue();
            for (int i = 1; i < all.length; i++) {
                assertThat(all[i]).isGreaterThan(all[i - 1]);
            }
        }
    }

    @Test
    void aTextWithoutTheNeedlesCharactersMostlyLacksItsGramsAndShortNeedlesHaveNone() {
        int[] text = FrameText.grams("sunny, 21°c, light wind from the south-west\n");
        assertThat(holdsAll(text, FrameText.grams("light wind"))).isTrue();
        assertThat(holdsAll(text, FrameText.grams("heavy rain"))).isFalse();
        assertThat(holdsAll(text, FrameText.grams("wind light"))).isFalse();
        assertThat(FrameText.grams("ab")).isEmpty();
        assertThat(FrameText.grams("aaaa")).hasSize(1);
        assertThat(FrameText.gram('a', 'b', 'c')).isNotEqualTo(FrameText.gram('a', 'c', 'b'));
    }
}
