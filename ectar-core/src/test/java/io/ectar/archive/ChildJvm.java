package io.ectar.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class of the test class path in a child JVM with a small heap, for tests that prove that
 * something works in bounded memory (an out-of-memory error in the test's own JVM would take the whole
 * run down, and its heap is too large to prove anything).
 */
final class ChildJvm {

    /** What the child printed (stdout and stderr together) and how it exited. */
    record Result(int exitCode, String output) {
    }

    private ChildJvm() {
    }

    static Result run(String maxHeap, Class<?> main, String... args) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + maxHeap, "-XX:+UseSerialGC", "-cp", classpath, main.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = child.getInputStream().readAllBytes();
        if (!child.waitFor(5, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new IllegalStateException("the child JVM did not end: " + command);
        }
        return new Result(child.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
