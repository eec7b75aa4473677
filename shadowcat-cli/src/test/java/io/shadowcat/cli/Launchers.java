package io.shadowcat.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for the processes the integration tests start: the built launcher and test servers. */
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
}
