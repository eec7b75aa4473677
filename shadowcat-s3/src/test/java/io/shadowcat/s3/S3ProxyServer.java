package io.shadowcat.s3;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real S3Proxy ({@code org.gaul:s3proxy}, a test dependency) run as a separate Java process from the test
 * class path on a free loopback port, with its filesystem blobstore in a temporary directory (objects survive
 * a restart of the process, as with a real store) and AWS v4 signatures checked against {@link #ACCESS_KEY} /
 * {@link #SECRET_KEY}. Ready once its Jetty says it started (read from its log, not waited for). Fails loudly
 * when S3Proxy is not on the class path.
 */
final class S3ProxyServer implements AutoCloseable {

    static final String ACCESS_KEY = "shadowcat-test-access";
    static final String SECRET_KEY = "shadowcat-test-secret-0123456789";
    static final String BUCKET = "shadowcat-test";
    private static final String MAIN = "org.gaul.s3proxy.Main";

    private final Path dir;
    private final int port;
    private Process process;

    private S3ProxyServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts S3Proxy with one bucket, {@link #BUCKET}. */
    static S3ProxyServer start() throws IOException, InterruptedException {
        try {
            Class.forName(MAIN, false, S3ProxyServer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(MAIN + " is not on the test class path: the s3proxy test dependency"
                    + " (org.gaul:s3proxy, parent pom) is missing");
        }
        Path dir = Files.createTempDirectory("s3proxy-test-");
        Files.createDirectories(dir.resolve("blobs").resolve(BUCKET)); // a bucket is a directory of the blobstore
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            S3ProxyServer server = new S3ProxyServer(dir, freePort());
            try {
                server.launch();
                return server;
            } catch (IOException e) { // the port was taken between our probe and its bind: another one
                last = e;
            }
        }
        throw last;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void launch() throws IOException, InterruptedException {
        Path conf = dir.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=" + endpoint(),
                "s3proxy.authorization=aws-v2-or-v4",
                // S3Proxy 2.6 knows few x-amz- headers (x-amz-checksum-crc32 not) and would answer 501
                "s3proxy.ignore-unknown-headers=true",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + dir.resolve("blobs"),
                "jclouds.identity=local",
                "jclouds.credential=local", ""));
        Path logback = dir.resolve("logback.xml");
        Files.writeString(logback, "<configuration><appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                + "<encoder><pattern>%d %-5level %logger{36} %msg%n</pattern></encoder></appender>"
                + "<root level=\"INFO\"><appender-ref ref=\"out\"/></root></configuration>\n");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                // the test class path holds two SLF4J providers: S3Proxy's own (logback), at INFO
                "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider",
                "-Dlogback.configurationFile=" + logback,
                MAIN, "--properties", conf.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> log = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            log.add(line);
            if (line.contains("Started Server") || line.contains("Started ServerConnector")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (IOException ignored) {
                        // the server stopped
                    }
                }, "s3proxy log");
                drain.setDaemon(true);
                drain.start();
                process = p;
                return;
            }
        }
        p.waitFor(30, TimeUnit.SECONDS);
        throw new IOException("S3Proxy did not start on port " + port + ":\n" + String.join("\n", log));
    }

    int port() {
        return port;
    }

    /** The bucket's objects as S3Proxy's filesystem blobstore keeps them: one file per object, bytes as stored. */
    Path bucketDir() {
        return dir.resolve("blobs").resolve(BUCKET);
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The settings of a store on this server, under {@code prefix}. */
    Map<String, String> settings(String prefix) {
        // S3Proxy 2.6 rejects the SDK's aws-chunked bodies with a checksum trailer: checksums where required
        return Map.of("bucket", BUCKET, "prefix", prefix, "endpoint", endpoint(), "path_style", "true",
                "access_key", ACCESS_KEY, "secret_key", SECRET_KEY, "checksums", "when_required");
    }

    /** Kills the process at once, as a crash would; {@link #restart} brings it back on the same port. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts the process again, on the same port and objects. */
    void restart() throws IOException, InterruptedException {
        launch();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
