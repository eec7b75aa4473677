package io.shadowcat.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Reads a child process's stderr on a thread of its own until it ends: echoes every line (so a failing test
 * shows them), keeps them, and lets the test wait for one, such as the line where {@code record --upstream}
 * says where it listens.
 */
final class StderrWatch {

    private static final String LISTENING = "listening on ";

    private final Thread reader;
    // Guarded by this.
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    private StderrWatch(Process process, String label) {
        reader = new Thread(() -> read(process, label), "stderr of " + label);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts reading {@code process}'s stderr; each line is echoed as {@code [label] line}. */
    static StderrWatch of(Process process, String label) {
        return new StderrWatch(process, label);
    }

    private void read(Process process, String label) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                System.err.println("[" + label + "] " + line);
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /**
     * The first line, read so far or to come, that {@code matches}; null when the stream ends, or
     * {@code seconds} pass, without one.
     */
    synchronized String awaitLine(Predicate<String> matches, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int seen = 0; ; ) {
            for (; seen < lines.size(); seen++) {
                if (matches.test(lines.get(seen))) {
                    return lines.get(seen);
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** The address after {@code listening on } in the line that says it; null when none came. */
    String awaitListening(long seconds) throws InterruptedException {
        String line = awaitLine(l -> l.contains(LISTENING), seconds);
        return line == null ? null : line.substring(line.indexOf(LISTENING) + LISTENING.length()).trim();
    }

    /** Every line read so far. */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits until the stream has ended (the process exited and its stderr is read to the end). */
    void join() throws InterruptedException {
        reader.join();
    }
}
