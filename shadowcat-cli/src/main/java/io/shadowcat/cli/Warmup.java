package io.shadowcat.cli;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.tape.TapeJson;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Prepares, on a daemon thread while picocli builds and parses the command line on the main thread, what a
 * command that opens storage is sure to need: the storage providers ({@link StorageRegistry#global()} finds
 * and instantiates them through {@code ServiceLoader}) and Jackson's tape mapper with its tree reader and
 * writer. Together these cost about as much as picocli's start-up; beside it, on a machine with a free core,
 * they no longer add to a run.
 *
 * <p>This is the one place for such start-up tricks ({@code ectar} has its own): the library does none.
 *
 * <p>Only a head start: whatever fails here is ignored, and the command meets (and reports) the same failure
 * itself when it gets there. The guess at the command is rough (an option's value may look like a command's
 * name); a wrong one costs a little CPU on another thread, nothing else.
 */
final class Warmup {

    private static final Set<String> STORAGE_COMMANDS = Set.of("record", "replay", "tape", "providers");
    private static final Set<String> NO_COMMAND = Set.of("--version", "-V", "--help", "-h", "help");

    private Warmup() {
    }

    /** Starts the warm-up when {@code args} run a command that opens storage; returns its thread. */
    static Optional<Thread> start(String[] args) {
        List<String> words = List.of(args);
        int end = words.indexOf("--");
        List<String> ours = end < 0 ? words : words.subList(0, end);
        if (ours.stream().noneMatch(STORAGE_COMMANDS::contains) || ours.stream().anyMatch(NO_COMMAND::contains)) {
            return Optional.empty();
        }
        Thread thread = new Thread(Warmup::run, "shadowcat-warmup");
        thread.setDaemon(true);
        thread.start();
        return Optional.of(thread);
    }

    private static void run() {
        try {
            StorageRegistry.global();
            TapeJson.mapper().writeValueAsBytes(TapeJson.mapper().readTree("{\"a\":[1,\"b\",{\"c\":null}]}"));
        } catch (Throwable ignored) {
            // a head start only: the command itself meets and reports any failure
        }
    }
}
