package io.ectar.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether standard error is a terminal (then progress is drawn as a bar). */
final class Terminal {

    private Terminal() {
    }

    /**
     * Reads where file descriptor 2 points on Linux, instead of calling {@code isatty} through JNA: loading
     * JNA (and its search for native libraries) would add tens of milliseconds to every run. Elsewhere, falls
     * back to {@link System#console()} (a terminal on both standard input and output).
     */
    static boolean stderrIsTerminal() {
        try {
            return isTerminalDevice(Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** Whether a device path names a terminal: a pseudo-terminal, a console or a serial line. */
    static boolean isTerminalDevice(String path) {
        return path.startsWith("/dev/pts/") || path.startsWith("/dev/tty") || path.equals("/dev/console");
    }
}
