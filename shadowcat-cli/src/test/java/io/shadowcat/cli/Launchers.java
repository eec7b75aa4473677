package io.shadowcat.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The processes the integration tests start: command lines for the built launcher, a fresh JVM and the
 * installed test servers, and the collection of what they print on stderr.
 */
final class Launchers {

    private Launchers() {
    }

    /** {@code ./shadowcat ARGS...}, the launcher at the project root (the jar was built by {@code package}). */
    static List<String> shadowcat(List<String> args) {
        Path launcher = Path.of("..", "shadowcat").toAbsolutePath().normalize();
        if (!Files.isExecutable(launcher)) {
            throw new AssertionError("launcher not found: " + launcher);
        }
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(args);
        return command;
    }

    /** A test class's {@code main} in a fresh JVM with the test class path. */
    static List<String> javaMain(Class<?> main) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", classPath, main.getName());
    }

    /** The installed program, or a failure saying how to install it (CI installs it: no silent skip). */
    static Path installed(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(program + " is not installed: run .ci/run, or "
                + "npm install -g @modelcontextprotocol/server-everything@2026.8.31");
    }

    /**
     * Reads {@code p}'s stderr to its end on another thread, echoing each line (tagged) to this JVM's
     * stderr for the test report; completes with the lines once the process closed it.
     */
    static CompletableFuture<List<String>> stderrLines(Process p) {
        return CompletableFuture.supplyAsync(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), UTF_8))) {
                List<String> lines = new ArrayList<>();
                String line;
                while ((line = err.readLine()) != null) {
                    System.err.println("[record stderr] " + line);
                    lines.add(line);
                }
                return lines;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
