package io.ectar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAndEndsWithANewline() {
        StringWriter err = new StringWriter();
        TerminalProgress p = new TerminalProgress(new PrintWriter(err), true);
        p.start("archiving", 4L << 20);
        p.advance(1L << 20);
        p.finish();
        assertThat(err.toString()).startsWith("\rarchiving  25% [########......................] 1.0 MiB / 4.0 MiB")
                .endsWith(System.lineSeparator()).doesNotContain("\n\r");
    }

    @Test
    void withoutATerminalItPrintsPlainLines() {
        StringWriter err = new StringWriter();
        TerminalProgress p = new TerminalProgress(new PrintWriter(err), false);
        p.start("extracting", -1);
        p.advance(3000);
        p.finish();
        assertThat(err.toString()).matches("extracting 2\\.9 KiB  [0-9.]+ MB/s\\R").doesNotContain("\r");
    }

    @Test
    void terminalsAreRecognisedByTheirDevice() {
        assertThat(Terminal.isTerminalDevice("/dev/pts/3")).isTrue();
        assertThat(Terminal.isTerminalDevice("/dev/tty1")).isTrue();
        assertThat(Terminal.isTerminalDevice("/dev/ttyS0")).isTrue();
        assertThat(Terminal.isTerminalDevice("/dev/console")).isTrue();
        assertThat(Terminal.isTerminalDevice("/dev/null")).isFalse();
        assertThat(Terminal.isTerminalDevice("pipe:[12345]")).isFalse();
        assertThat(Terminal.isTerminalDevice("/home/me/dev/pts/log.txt")).isFalse();
        // the build redirects the tests' standard error to a file or a pipe
        assertThat(Terminal.stderrIsTerminal()).isFalse();
    }
}
