package io.ectar.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** Whether standard error is a terminal (then progress is drawn as a bar). */
final class Terminal {

    private interface C extends Library {
        int isatty(int fd);
    }

    private Terminal() {
    }

    static boolean stderrIsTerminal() {
        try {
            return Native.load("c", C.class).isatty(2) == 1;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return System.console() != null;
        }
    }
}
