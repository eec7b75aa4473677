package io.shadowcat.bench;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appending frames to a live {@code filesystem} tape at the default durability ({@code 200ms}), the storage
 * opened through the provider registry with the settings a user writes ({@code encryption = "age"},
 * {@code signing_key_file}, {@code audit_log}), so the layers stack as in the recorder: {@code none} (the
 * baseline, the registry's default stack, in the same run), encryption alone, tamper (hash chain and signed
 * checkpoint) alone, and all three. The writer is flushed every {@value #FLUSH_EVERY} frames in every case,
 * as the recorder flushes within the durability window (at 100k frames/s, every ~20 ms); each flush closes
 * an encrypted segment. One tape per iteration (so two audit lines per iteration). Ops are frames.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 3)
@Fork(1)
@State(Scope.Thread)
public class LayeredAppendBenchmark {

    static final int FLUSH_EVERY = 2048;

    @Param({"none", "encryption", "tamper", "encryption+tamper+audit"})
    public String layers;

    private Path dir;
    private TapeStorageBackend storage;
    private TapeWriter writer;
    private long seq;
    private int tape;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = BenchTapes.scratch("shadowcat-layered-append");
        List<String> settings = new ArrayList<>(List.of("durability", "200ms"));
        if (layers.contains("encryption")) {
            KeyPair age = new X25519KeyPairGenerator().generateKeyPair();
            Path identity = Files.writeString(dir.resolve("key.txt"), age.getPrivate() + "\n");
            Path recipients = Files.writeString(dir.resolve("recipients.txt"), age.getPublic() + "\n");
            settings.addAll(List.of("encryption", "age", "age_recipients_file", recipients.toString(),
                    "age_identity_file", identity.toString()));
        }
        if (layers.contains("tamper")) {
            KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Path key = Files.writeString(dir.resolve("signing.pem"), "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(ed.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n",
                    StandardCharsets.US_ASCII);
            settings.addAll(List.of("signing_key_file", key.toString()));
        }
        if (layers.contains("audit")) {
            settings.addAll(List.of("audit_log", dir.resolve("audit.jsonl").toString()));
        }
        storage = BenchTapes.filesystem(dir.resolve("tapes"), settings.toArray(String[]::new));
    }

    @Setup(Level.Iteration)
    public void newTape() {
        writer = storage.openWriter(new TapeHeader(TapeId.of("append-" + tape++), "bench", Instant.now(), "2025-06-18",
                null));
        seq = 0;
    }

    @Benchmark
    public void appendFrame() {
        long s = seq++;
        writer.append(new Frame(s, s, (s & 1) == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                (s & 1) == 0 ? BenchTapes.REQUEST : BenchTapes.RESPONSE, null, null, null, null));
        if (s % FLUSH_EVERY == FLUSH_EVERY - 1) {
            writer.flush();
        }
    }

    @TearDown(Level.Iteration)
    public void finishTape() {
        writer.finish(TapeStatus.FINALIZED);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        storage.close();
        BenchTapes.deleteTree(dir);
    }
}
