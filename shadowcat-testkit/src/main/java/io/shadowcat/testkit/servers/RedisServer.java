package io.shadowcat.testkit.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} (Debian's, installed by {@code .ci/run}) run as a child process on a free
 * loopback port, with its default persistence, its files in a temporary directory. Fails loudly when the
 * binary is missing. Ready once the server says it accepts connections (read from its log, not waited for).
 * {@link #stop} and {@link #restart} keep its data (a shutdown saves it) and its port.
 */
public final class RedisServer implements AutoCloseable {

    /** Where Debian installs the server. */
    public static final String BINARY = "/usr/bin/redis-server";

    private final Path dir;
    private final List<String> options;
    private final boolean tls;
    private int port;
    private Process process;

    private RedisServer(Path dir, List<String> options, boolean tls) {
        this.dir = dir;
        this.options = options;
        this.tls = tls;
    }

    /** Starts a server; extra arguments are redis-server options such as {@code --requirepass x}. */
    public static RedisServer start(String... options) throws IOException, InterruptedException {
        return start(false, List.of(options));
    }

    /**
     * Starts a server that speaks TLS only ({@code --tls-port}, no plain port) with the given certificate,
     * key and CA files (PEM), not asking clients for certificates.
     */
    public static RedisServer startTls(Path cert, Path key, Path ca, String... options)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--tls-cert-file", cert.toString(), "--tls-key-file",
                key.toString(), "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no"));
        all.addAll(List.of(options));
        return start(true, all);
    }

    private static RedisServer start(boolean tls, List<String> options) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's redis-server"
                    + " (apt-get install redis-server), as .ci/run does");
        }
        RedisServer server = new RedisServer(Files.createTempDirectory("redis-test-"), List.copyOf(options), tls);
        List<String> log = ServerLog.newLog();
        for (int attempt = 0; attempt < 5; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                server.port = s.getLocalPort();
            }
            if (server.launch(log)) {
                return server;
            }
        }
        server.deleteFiles();
        throw new IllegalStateException("redis-server did not start: " + String.join("\n", log));
    }

    // Starts the process on this.port; false when it exited first (the port taken between probe and bind?).
    private boolean launch(List<String> log) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BINARY, "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--daemonize", "no", "--protected-mode", "yes"));
        if (tls) {
            cmd.addAll(List.of("--port", "0", "--tls-port", String.valueOf(port)));
        } else {
            cmd.addAll(List.of("--port", String.valueOf(port)));
        }
        cmd.addAll(options);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (ServerLog.awaitReady(p, "Ready to accept connections", log, "redis-server log")) {
            process = p;
            return true;
        }
        p.waitFor(30, TimeUnit.SECONDS);
        return false;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT/0}, or {@code rediss://} for a TLS server. */
    public String url() {
        return (tls ? "rediss" : "redis") + "://127.0.0.1:" + port + "/0";
    }

    /** Kills the server at once, as a crash would (no shutdown save). */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Shuts the server down as an operator would (SIGTERM: it saves its data first); {@link #restart} brings it back. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts the stopped (or killed) server again on its port, with its data. */
    public void restart() throws IOException, InterruptedException {
        List<String> log = ServerLog.newLog();
        if (!launch(log)) {
            throw new IllegalStateException("redis-server did not restart on port " + port + ": "
                    + String.join("\n", log));
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        deleteFiles();
    }

    private void deleteFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
