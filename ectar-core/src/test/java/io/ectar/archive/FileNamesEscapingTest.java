package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.archive.FileNames.Escaping;
import org.junit.jupiter.api.Test;

/** The one control-character escaper and its two modes: messages for people, listings for scripts. */
class FileNamesEscapingTest {

    private static final String NAME = "a\\b\nc\td\u0001e\u007ff\u00e9";

    @Test
    void messagesShowEveryControlCharacterInHexAndLeaveBackslashes() {
        assertThat(FileNames.escaped(NAME, Escaping.MESSAGE)).isEqualTo("a\\b\\x0ac\\x09d\\x01e\\x7ff\u00e9");
        assertThat(FileNames.printable(NAME)).isEqualTo(FileNames.escaped(NAME, Escaping.MESSAGE));
    }

    @Test
    void listingsEscapeBackslashesAndShowANewlineAsBackslashN() {
        assertThat(FileNames.escaped(NAME, Escaping.LISTING)).isEqualTo("a\\\\b\\nc\\x09d\\x01e\\x7ff\u00e9");
    }

    @Test
    void textWithNothingToEscapeIsReturnedAsIs() {
        String plain = "data/caf\u00e9 \u00fcber.txt";
        for (Escaping mode : Escaping.values()) {
            assertThat(FileNames.escaped(plain, mode)).isSameAs(plain);
        }
    }
}
