package io.shadowcat.bench;

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
 * Appending frames to a live tape of the {@code filesystem} provider (target: at least 100,000 frames/s
 * with the default durability), with the other policies for contrast; {@link EncodeBenchmark} is the
 * baseline. Ops are frames.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Thread)
public class AppendBenchmark {

    /** {@code 200ms} is the default policy. */
    @Param({"200ms", "on_close", "every_frame"})
    public String durability;

    private Path dir;
    private TapeStorageBackend storage;
    private TapeWriter writer;
    private long seq;
    private int tape;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchTapes.scratch("shadowcat-append");
        storage = BenchTapes.filesystem(dir, "durability", durability);
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
