package io.shadowcat.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's, installed by {@code .ci/run}) run as a child process on a free
 * loopback port, with its default persistence, its files in a temporary directory. Fails loudly when the
 * binary is missing. Ready once the server says it accepts connections (read from its log, not waited for).
 */
final class RedisServer implements AutoCloseable {

    static final String BINARY = "/usr/bin/redis-server";

    private final Process process;
    private final int port;
    private final Path dir;

    private RedisServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** Starts a server; extra arguments are redis-server options such as {@code --requirepass x}. */
    static RedisServer start(String... options) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's redis-server"
                    + " (apt-get install redis-server), as .ci/run does");
        }
        Path dir = Files.createTempDirectory("redis-test-");
        List<String> log = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            List<String> cmd = new ArrayList<>(List.of(BINARY, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--daemonize", "no", "--protected-mode", "yes"));
            cmd.addAll(List.of(options));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                log.add(line);
                if (line.contains("Ready to accept connections")) {
                    Thread drain = new Thread(() -> {
                        try {
                            while (out.readLine() != null) {
                                // keep the pipe empty
                            }
                        } catch (IOException ignored) {
                            // the server stopped
                        }
                    }, "redis-server log");
                    drain.setDaemon(true);
                    drain.start();
                    return new RedisServer(p, port, dir);
                }
            }
            p.waitFor(30, TimeUnit.SECONDS); // it exited (port taken between our probe and its bind?): try another
        }
        throw new IllegalStateException("redis-server did not start: " + String.join("\n", log));
    }

    int port() {
        return port;
    }

    String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** Kills the server at once, as a crash would (no shutdown save). */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
