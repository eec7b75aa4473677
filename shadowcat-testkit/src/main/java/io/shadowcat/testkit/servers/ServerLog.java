package io.shadowcat.testkit.servers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A server's output read until it says it is ready, then drained by a daemon thread so its pipe never fills. */
final class ServerLog {

    private ServerLog() {
    }

    /** True once a line contains {@code ready}; false when the output ended first. {@code log} gets every line. */
    static boolean awaitReady(Process p, String ready, List<String> log, String threadName) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            log.add(line);
            if (line.contains(ready)) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (IOException ignored) {
                        // the server stopped
                    }
                }, threadName);
                drain.setDaemon(true);
                drain.start();
                return true;
            }
        }
        return false;
    }

    static List<String> newLog() {
        return new ArrayList<>();
    }
}
