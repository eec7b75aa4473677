package io.ectar.cli;

import io.ectar.codec.CodecEngine;
import io.ectar.format.IndexJson;
import java.lang.invoke.MethodHandles;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Prepares, on a daemon thread while picocli builds the command line on the main thread, what an archive
 * command is sure to need: zstd's native library, the SHA-256 provider, the index parser, for {@code create}
 * the codec engine (JNA and ISA-L), and for the commands that read chunks ({@code extract}, {@code verify})
 * SHA-256 compiled to the CPU's own instructions. Each of these costs tens of milliseconds the first time;
 * done beside picocli's start-up they no longer add to it on a machine with a free core.
 *
 * <p>This is the one place for such start-up tricks: the library itself does none.
 *
 * <p>Only a head start: whatever fails here is ignored, and the command meets (and reports) the same
 * failure itself when it gets there.
 */
final class Warmup {

    private static final Set<String> ARCHIVE_COMMANDS = Set.of("create", "extract", "list", "verify", "info");
    private static final Set<String> HASHING_COMMANDS = Set.of("extract", "verify");

    private Warmup() {
    }

    /** Starts the warm-up for the command {@code args} name, if it is an archive command; returns its thread. */
    static Optional<Thread> start(String[] args) {
        if (args.length == 0 || !ARCHIVE_COMMANDS.contains(args[0])) {
            return Optional.empty();
        }
        String command = args[0];
        Thread thread = new Thread(() -> run(command), "ectar-warmup");
        thread.setDaemon(true);
        thread.start();
        return Optional.of(thread);
    }

    private static void run(String command) {
        try {
            com.github.luben.zstd.util.Native.load();
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            MethodHandles.lookup().ensureInitialized(IndexJson.class);
            if (command.equals("create")) {
                CodecEngine.automatic();
            }
            if (HASHING_COMMANDS.contains(command)) {
                // Until the JIT compiles SHA-256, hashing runs several times slower, and the first chunk, which
                // every later step of an extraction waits for, would be hashed at that speed: many small calls
                // get it compiled first, for about 0.1 s of CPU.
                byte[] block = new byte[128];
                for (int i = 0; i < 16_000; i++) {
                    sha256.update(block);
                }
                sha256.digest();
            }
        } catch (Throwable ignored) {
            // a head start only: the command itself meets and reports any failure
        }
    }
}
