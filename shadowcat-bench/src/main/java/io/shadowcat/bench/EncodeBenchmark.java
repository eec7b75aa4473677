package io.shadowcat.bench;

import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.JsonLinesTapeWriter;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The baseline for {@link AppendBenchmark}: encoding frames as JSON Lines into nothing, no storage at all. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Thread)
public class EncodeBenchmark {

    private JsonLinesTapeWriter encoder;
    private long seq;

    @Setup
    public void open() throws IOException {
        encoder = new JsonLinesTapeWriter(OutputStream.nullOutputStream(),
                new TapeHeader(TapeId.of("null"), "s", Instant.now(), null, null));
    }

    @Benchmark
    public void encodeFrame() throws IOException {
        long s = seq++;
        encoder.write(new Frame(s, s, (s & 1) == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                (s & 1) == 0 ? BenchTapes.REQUEST : BenchTapes.RESPONSE, null, null, null, null));
    }
}
