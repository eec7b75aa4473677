package io.ectar.cli;

import io.ectar.codec.CodecEngine;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Prepares, on a daemon thread while picocli builds the command line on the main thread, what an archive
 * command is sure to need: zstd's native library, the SHA-256 provider, the index parser and, for
 * {@code create}, the codec engine (JNA and ISA-L). Each of these costs tens of milliseconds the first
 * time; done beside picocli's start-up they no longer add to it on a machine with a free core.
 *
 * <p>Only a head start: whatever fails here is ignored, and the command meets (and reports) the same
 * failure itself when it gets there.
 */
final class Warmup {

    private static final Set<String> ARCHIVE_COMMANDS = Set.of("create", "extract", "list", "verify", "info");

    private Warmup() {
    }

    /** Starts the warm-up for the command {@code args} name, if it is an archive command; returns its thread. */
    static Optional<Thread> start(String[] args) {
        if (args.length == 0 || !ARCHIVE_COMMANDS.contains(args[0])) {
            return Optional.empty();
        }
        boolean create = args[0].equals("create");
        Thread thread = new Thread(() -> run(create), "ectar-warmup");
        thread.setDaemon(true);
        thread.start();
        return Optional.of(thread);
    }

    private static void run(boolean create) {
        try {
            com.github.luben.zstd.util.Native.load();
            MessageDigest.getInstance("SHA-256");
            Class.forName("io.ectar.format.IndexJson");
            if (create) {
                CodecEngine.automatic();
            }
        } catch (Throwable ignored) {
            // a head start only: the command itself meets and reports any failure
        }
    }
}
