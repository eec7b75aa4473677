package io.shadowcat.recorder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Command lines of real child processes for the recorder tests, and a way to run them without a proxy. */
final class Servers {

    private Servers() {
    }

    /** {@link ScriptedServer} in a fresh JVM. */
    static List<String> scripted() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), ScriptedServer.class.getName());
    }

    /** {@code cat}: echoes every byte back, the purest relay test. */
    static List<String> cat() {
        return List.of("cat");
    }

    static List<String> shell(String script) {
        return List.of("sh", "-c", script);
    }

    /** Runs {@code command} directly with {@code input} on stdin; returns its stdout. */
    static byte[] direct(List<String> command, byte[] input) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread feeder = new Thread(() -> {
            try (OutputStream in = p.getOutputStream(); InputStream src = new ByteArrayInputStream(input)) {
                src.transferTo(in);
            } catch (IOException e) {
                // the server stopped reading: fine
            }
        });
        feeder.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("server did not exit: " + command);
        }
        feeder.join();
        return out;
    }
}
