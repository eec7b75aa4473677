package io.shadowcat.cli;

import io.shadowcat.storage.migrate.TapeMigration;
import io.shadowcat.tape.TapeId;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A migration's progress on standard error: a bar redrawn in place when stderr is a terminal, otherwise
 * (or when asked to) a plain line every few seconds; conflicts and failures are printed as they happen.
 */
final class MigrationProgress implements TapeMigration.Listener {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final boolean draw;
    private final long intervalNanos;
    private long tapes;
    private long frames;
    private long tapesDone;
    private long framesDone;
    private long started = System.nanoTime();
    private long lastDrawn;
    private int drawnLength;

    /**
     * @param terminal redraw one line in place
     * @param draw show progress at all (problems are always printed)
     */
    MigrationProgress(PrintWriter err, boolean terminal, boolean draw) {
        this.err = err;
        this.terminal = terminal;
        this.draw = draw;
        this.intervalNanos = terminal ? 200_000_000L : 5_000_000_000L;
    }

    @Override
    public void started(long tapeCount, long frameCount) {
        tapes = tapeCount;
        frames = frameCount;
        started = System.nanoTime();
        lastDrawn = started;
    }

    @Override
    public void frames(long count) {
        framesDone = count;
        maybeDraw();
    }

    @Override
    public void tape(TapeId id, TapeMigration.Outcome outcome, String detail, boolean sourceDeleted) {
        tapesDone++;
        if (!detail.isEmpty()) { // conflicts, failures, and sources kept for a reason
            clearLine();
            err.println("shadowcat: tape " + id + ": " + outcome.name().toLowerCase(Locale.ROOT) + ": " + detail);
            err.flush();
        }
        maybeDraw();
    }

    /** Draws the final state and ends the line. */
    void finish() {
        if (!draw) {
            return;
        }
        render(System.nanoTime());
        if (terminal) {
            err.println();
            drawnLength = 0;
        }
        err.flush();
    }

    private void maybeDraw() {
        long now = System.nanoTime();
        if (draw && now - lastDrawn >= intervalNanos) {
            lastDrawn = now;
            render(now);
        }
    }

    private void render(long now) {
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        double f = tapes == 0 ? 1.0 : Math.min(1.0, (double) tapesDone / tapes);
        int filled = (int) Math.round(f * WIDTH);
        String line = String.format(Locale.ROOT, "migrating %3d%% [%s%s] %,d/%,d tapes  %,d/%,d frames  %,.0f frames/s",
                Math.round(f * 100), "#".repeat(filled), ".".repeat(WIDTH - filled), tapesDone, tapes,
                framesDone, frames, framesDone / seconds);
        if (terminal) {
            err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
            drawnLength = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    private void clearLine() {
        if (terminal && drawnLength > 0) {
            err.print("\r" + " ".repeat(drawnLength) + "\r");
            drawnLength = 0;
        }
    }
}
