package io.shadowcat.testkit.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL cluster (Debian's {@code postgresql}, installed by {@code .ci/run}) made with
 * {@code initdb} in a temporary directory and run as a child process on a free loopback port, with password
 * (scram) authentication for {@link #USER}, the cluster's superuser. Run as root (CI), the server runs as the
 * unprivileged {@code postgres} user; otherwise as whoever runs the tests. Ready once the server says so in
 * its log (read, not waited for). {@link #stop} and {@link #restart} keep the data and the port;
 * {@link #close} stops it ({@code pg_ctl stop -m fast}) and removes its files.
 */
public final class PostgresServer implements AutoCloseable {

    /** The superuser the cluster is made with. */
    public static final String USER = "shadowcat";
    /** Its password. */
    public static final String PASSWORD = "kit-pw-4c1e9d";

    private final Path bin;
    private final Path dir;
    private final boolean asPostgres;
    private int port;
    private Process process;

    private PostgresServer(Path bin, Path dir, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.asPostgres = asPostgres;
    }

    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "pg-test-");
        Path data = dir.resolve("data");
        Files.createDirectories(dir.resolve("sock"));
        Path pwfile = dir.resolve("pw");
        Files.writeString(pwfile, PASSWORD + "\n");
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
        }
        PostgresServer server = new PostgresServer(bin, dir, root);
        run(server.command(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwfile,
                "--auth=scram-sha-256", "--no-locale", "-E", "UTF8", "--no-sync"));
        List<String> log = ServerLog.newLog();
        for (int attempt = 0; attempt < 5; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                server.port = s.getLocalPort();
            }
            if (server.launch(log)) {
                return server;
            }
        }
        delete(dir);
        throw new IllegalStateException("postgres did not start: " + String.join("\n", log));
    }

    // Starts the server on this.port; false when it exited first (the port taken between probe and bind?).
    private boolean launch(List<String> log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(),
                "-p", String.valueOf(port), "-k", dir.resolve("sock").toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "max_connections=400", "-c", "fsync=off", "-c", "logging_collector=off"))
                .redirectErrorStream(true).start();
        if (ServerLog.awaitReady(p, "database system is ready to accept connections", log, "postgres log")) {
            process = p;
            return true;
        }
        p.waitFor(30, TimeUnit.SECONDS);
        return false;
    }

    /** The binaries' directory: the newest of /usr/lib/postgresql/N/bin with an initdb. */
    public static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres")))
                        .max(Comparator.comparing(b -> b.getParent().getFileName().toString())).orElse(null);
                if (found != null) {
                    return found;
                }
            }
        }
        throw new IllegalStateException("/usr/lib/postgresql/*/bin/initdb is missing: install Debian's postgresql"
                + " (apt-get install postgresql), as .ci/run does");
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        if (asPostgres) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of the {@code postgres} database. */
    public String url() {
        return url("postgres");
    }

    /** The JDBC URL of {@code database}. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Stops the server: {@code fast} (clients are disconnected, a checkpoint is written, as an operator's
     * restart does) or {@code immediate} (no checkpoint, as a crash: the restart recovers from the WAL).
     */
    public void stop(boolean immediate) throws IOException, InterruptedException {
        try {
            run(command(bin.resolve("pg_ctl").toString(), "stop", "-D", dir.resolve("data").toString(),
                    "-m", immediate ? "immediate" : "fast", "-w"));
        } catch (IllegalStateException e) {
            process.destroyForcibly();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts the stopped server again on its port, with its data. */
    public void restart() throws IOException, InterruptedException {
        List<String> log = ServerLog.newLog();
        if (!launch(log)) {
            throw new IllegalStateException("postgres did not restart on port " + port + ": " + String.join("\n", log));
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            stop(false);
        }
        delete(dir);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
