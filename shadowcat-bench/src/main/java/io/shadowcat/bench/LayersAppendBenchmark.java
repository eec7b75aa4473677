package io.shadowcat.bench;

import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.filesystem.FilesystemStorageProvider;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
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
 * Appending frames to a live {@code filesystem} tape (default durability) under the lifecycle layers of issue
 * 16, side by side in one run: {@code bare} is the provider with no layer at all (created by its factory),
 * {@code registry} the registry's default stack (the retention/legal-hold layer, always on), {@code audit} adds
 * {@code audit_log}, {@code audit+namespace} adds a namespace too. Each iteration is one tape, opened and
 * finalized (so two audit lines per iteration: frames themselves are not audited). Ops are frames.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class LayersAppendBenchmark {

    @Param({"bare", "registry", "audit", "audit+namespace"})
    public String layers;

    private Path dir;
    private TapeStorageBackend storage;
    private TapeWriter writer;
    private long seq;
    private int tape;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchTapes.scratch("shadowcat-layers");
        Path tapes = dir.resolve("tapes");
        String audit = dir.resolve("audit.jsonl").toString();
        storage = switch (layers) {
            case "bare" -> new FilesystemStorageProvider().create(StorageSettings.of("filesystem",
                    Map.of("path", tapes.toString())));
            case "registry" -> BenchTapes.filesystem(tapes);
            case "audit" -> BenchTapes.filesystem(tapes, "audit_log", audit);
            case "audit+namespace" -> BenchTapes.filesystem(tapes, "audit_log", audit, "namespace", "bench");
            default -> throw new IllegalArgumentException(layers);
        };
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
    }

    @TearDown(Level.Iteration)
    public void finishTape() {
        writer.finish(TapeStatus.FINALIZED);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        storage.close();
        BenchTapes.deleteTree(dir);
    }
}
