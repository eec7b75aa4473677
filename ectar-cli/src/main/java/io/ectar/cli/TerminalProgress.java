package io.ectar.cli;

import io.ectar.archive.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress on standard error: a bar redrawn in place on a terminal, or (when asked for without a terminal)
 * a plain line every few seconds.
 */
final class TerminalProgress implements Progress {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final long intervalNanos;
    private String what = "";
    private long total = -1;
    private long done;
    private long started;
    private long lastDrawn;
    private int drawnLength;

    TerminalProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
        this.intervalNanos = terminal ? 200_000_000L : 5_000_000_000L;
    }

    /** A bar when stderr is a terminal; plain lines when {@code forced} without one; else nothing. */
    static Progress forCommand(PrintWriter err, boolean forced) {
        boolean tty = Terminal.stderrIsTerminal();
        return tty || forced ? new TerminalProgress(err, tty) : Progress.NONE;
    }

    @Override
    public synchronized void start(String phase, long totalBytes) {
        what = phase;
        total = totalBytes;
        done = 0;
        started = System.nanoTime();
        lastDrawn = started;
    }

    @Override
    public synchronized void advance(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        if (now - lastDrawn >= intervalNanos) {
            lastDrawn = now;
            draw(now);
        }
    }

    @Override
    public synchronized void finish() {
        draw(System.nanoTime());
        if (terminal) {
            err.println();
        }
        err.flush();
        drawnLength = 0;
    }

    private void draw(long now) {
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        String rate = String.format(Locale.ROOT, "%.1f MB/s", done / 1e6 / seconds);
        String line;
        if (total > 0) {
            double f = Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(f * WIDTH);
            line = String.format(Locale.ROOT, "%s %3d%% [%s%s] %s / %s  %s", what, Math.round(f * 100),
                    "#".repeat(filled), ".".repeat(WIDTH - filled), HumanSize.format(done), HumanSize.format(total),
                    rate);
        } else {
            line = what + " " + HumanSize.format(done) + "  " + rate;
        }
        if (terminal) {
            String pad = " ".repeat(Math.max(0, drawnLength - line.length()));
            err.print("\r" + line + pad);
            drawnLength = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }
}
