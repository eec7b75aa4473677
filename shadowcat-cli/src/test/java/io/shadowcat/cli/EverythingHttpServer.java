package io.shadowcat.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code mcp-server-everything streamableHttp|sse} on a free loopback port, as a child process; ready once
 * it has said on stderr that it listens. Fails loudly when the tool is not installed (.ci/run installs it).
 */
final class EverythingHttpServer implements AutoCloseable {

    private static final String BIN = "mcp-server-everything";

    private final Process process;
    private final int port;
    private final String path;

    private EverythingHttpServer(Process process, int port, String path) {
        this.process = process;
        this.port = port;
        this.path = path;
    }

    /** {@code streamableHttp} (path {@code /mcp}) or {@code sse} (path {@code /sse}). */
    static EverythingHttpServer start(String mode) throws IOException, InterruptedException {
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(BIN, mode).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PORT", Integer.toString(port));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException(BIN + " is not installed (npm i -g @modelcontextprotocol/server-everything;"
                    + " .ci/run does it): " + e.getMessage(), e);
        }
        CompletableFuture<Boolean> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    if (line.contains("port " + port)) {
                        listening.complete(true);
                    }
                }
            } catch (IOException e) {
                // the server ended
            }
            listening.complete(false);
        }, "everything-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!listening.get(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(BIN + " " + mode + " exited before listening (exit " + p.waitFor() + ")");
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new IllegalStateException(BIN + " " + mode + " did not say it listens within 60 s", e);
        }
        return new EverythingHttpServer(p, port, mode.equals("sse") ? "/sse" : "/mcp");
    }

    String url() {
        return "http://127.0.0.1:" + port + path;
    }

    /** Kills the server at once (a server dying mid-stream). */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
