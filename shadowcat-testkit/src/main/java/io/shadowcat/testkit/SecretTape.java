package io.shadowcat.testkit;

import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The tape of the encryption-at-rest checks (issue 16: "grep the whole storage for known plaintext"): a live
 * tape with a marker in every message, recorded with appends, flushes and segments closed when full, so that
 * every path by which the encryption layer stores bytes is taken. A provider's test records it with and
 * without {@link #encryptionSettings}, then searches its raw storage (files, rows, objects, keys) for
 * {@link #PLAINTEXTS}: none with encryption, the marker without (the control that shows the search works).
 */
public final class SecretTape {

    /** In every message's params. */
    public static final String MARKER = "plaintext-marker-7f3a";
    /** What must not be found at rest under encryption: the marker, a method name, the tape's name. */
    public static final List<String> PLAINTEXTS = List.of(MARKER, "tools/call", "secret session");
    /** The tape's id (ids and listing fields are stored in clear by design: README, "What is stored"). */
    public static final TapeId ID = TapeId.of("rest-1");
    /** How many frames {@link #record} writes. */
    public static final int FRAMES = 2400;

    private SecretTape() {
    }

    /** {@code encryption = "age"} with a fresh key pair written into {@code keysDir}. */
    public static Map<String, String> encryptionSettings(Path keysDir) {
        LayerKeys.AgeFiles keys = LayerKeys.age(keysDir, "rest");
        return Map.of("encryption", "age", "age_recipients_file", keys.recipients().toString(),
                "age_identity_file", keys.identity().toString());
    }

    /**
     * Records the tape and finalizes it: about 2.4 MB, flushed every 1,200 frames (1.2 MB, more than the
     * encryption layer's 1 MiB segments, so segments are closed both when full and by flushes).
     */
    public static void record(TapeStorageBackend storage) {
        TapeWriter w = storage.openWriter(new TapeHeader(ID, "secret session",
                Instant.parse("2026-01-01T00:00:00Z"), "2025-06-18", null));
        String pad = "y".repeat(900);
        for (int i = 0; i < FRAMES; i++) {
            w.append(Frame.ofText(i, i, Direction.CLIENT_TO_SERVER, "{\"jsonrpc\":\"2.0\",\"id\":" + i
                    + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + MARKER + "\",\"pad\":\"" + pad + "\"}}"));
            if (i % 1200 == 1199) {
                w.flush();
            }
        }
        w.finish(TapeStatus.FINALIZED);
    }
}
