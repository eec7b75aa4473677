package io.shadowcat.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a script of the official TypeScript SDK client ({@code src/test/node/*.mjs}, its SDK installed by
 * {@code .ci/run} with {@code npm ci}) against a server command, and returns what the script printed: one
 * line per step of what the client got.
 */
final class TsClientScript {

    private static final Path DIR = Path.of("src", "test", "node").toAbsolutePath();

    private TsClientScript() {
    }

    /** Runs {@code script} with {@code server} as its stdio server; fails unless the script exits 0. */
    static List<String> run(String script, List<String> server, Map<String, String> env) {
        Path node = Launchers.installed("node");
        if (!Files.isDirectory(DIR.resolve("node_modules/@modelcontextprotocol/sdk"))) {
            throw new AssertionError("the TypeScript MCP SDK is not installed in " + DIR
                    + ": run .ci/run, or (cd shadowcat-cli/src/test/node && npm ci)");
        }
        List<String> command = new ArrayList<>(List.of(node.toString(), DIR.resolve(script).toString()));
        command.addAll(server);
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<List<String>> stderr = Launchers.stderrLines(p);
            String out = new String(p.getInputStream().readAllBytes(), UTF_8);
            int exit = p.waitFor();
            stderr.join();
            if (exit != 0) {
                throw new AssertionError(script + " exited " + exit + " against " + server + "; it printed:\n" + out);
            }
            return out.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
