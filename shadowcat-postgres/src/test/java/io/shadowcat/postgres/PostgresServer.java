package io.shadowcat.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
 * (scram) authentication for {@link #USER}. Run as root (CI), the server runs as the unprivileged
 * {@code postgres} user; otherwise as whoever runs the tests. Ready once the server says so in its log (read,
 * not waited for); {@link #close} stops it ({@code pg_ctl stop -m fast}) and removes its files.
 */
final class PostgresServer implements AutoCloseable {

    static final String USER = "shadowcat";
    static final String PASSWORD = "kit-pw-4c1e9d";

    private final Process process;
    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgres;

    private PostgresServer(Process process, Path bin, Path dir, int port, boolean asPostgres) {
        this.process = process;
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "pg-test-");
        Path data = dir.resolve("data");
        Path sockets = dir.resolve("sock");
        Files.createDirectories(sockets);
        Path pwfile = dir.resolve("pw");
        Files.writeString(pwfile, PASSWORD + "\n");
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
        }
        run(command(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwfile,
                "--auth=scram-sha-256", "--no-locale", "-E", "UTF8", "--no-sync"));
        List<String> log = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Process p = new ProcessBuilder(command(root, bin.resolve("postgres").toString(), "-D", data.toString(),
                    "-p", String.valueOf(port), "-k", sockets.toString(), "-c", "listen_addresses=127.0.0.1",
                    "-c", "max_connections=400", "-c", "fsync=off", "-c", "logging_collector=off"))
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                log.add(line);
                if (line.contains("database system is ready to accept connections")) {
                    Thread drain = new Thread(() -> {
                        try {
                            while (out.readLine() != null) {
                                // keep the pipe empty
                            }
                        } catch (IOException ignored) {
                            // the server stopped
                        }
                    }, "postgres log");
                    drain.setDaemon(true);
                    drain.start();
                    return new PostgresServer(p, bin, dir, port, root);
                }
            }
            p.waitFor(30, TimeUnit.SECONDS); // it exited (port taken between our probe and its bind?): try another
        }
        delete(dir);
        throw new IllegalStateException("postgres did not start: " + String.join("\n", log));
    }

    /** The binaries' directory: the newest of /usr/lib/postgresql/N/bin with an initdb. */
    static Path binaries() throws IOException {
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

    private static List<String> command(boolean asPostgres, String... args) {
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

    int port() {
        return port;
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run(command(asPostgres, bin.resolve("pg_ctl").toString(), "stop", "-D", dir.resolve("data").toString(),
                    "-m", "fast", "-w"));
        } catch (IllegalStateException e) {
            process.destroyForcibly();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        delete(dir);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
