package io.shadowcat.bench;

import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.JsonLinesTapeReader;
import io.shadowcat.tape.JsonLinesTapeWriter;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeRecord;
import io.shadowcat.tape.internal.JsonText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading frames from JSON Lines, per frame: the whole reader ({@code readFrame}), and the two parses it
 * makes of a frame line, the tree ({@code parseTree}: all a reader did before frames kept their text) and
 * the tree plus the shallow pass that finds the message's text in the line ({@code parseTreeAndText}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Thread)
public class DecodeBenchmark {

    private static final int FRAMES = 1000;

    private byte[] tape;
    private final List<int[]> lines = new ArrayList<>(); // start, length of each frame line

    @Setup
    public void write() throws IOException {
        TapeHeader header = new TapeHeader(TapeId.of("decode"), "s", Instant.now(), null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonLinesTapeWriter w = new JsonLinesTapeWriter(out, header)) {
            w.write(header);
            for (int s = 0; s < FRAMES; s++) {
                w.write(new Frame(s, s, (s & 1) == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                        (s & 1) == 0 ? BenchTapes.REQUEST : BenchTapes.RESPONSE, null, null, null, null));
            }
        }
        tape = out.toByteArray();
        int start = 0;
        for (int i = 0; i < tape.length; i++) {
            if (tape[i] == '\n') {
                if (start > 0) { // not the init line
                    lines.add(new int[] {start, i - start});
                }
                start = i + 1;
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void readFrame(Blackhole bh) throws IOException {
        try (JsonLinesTapeReader r = new JsonLinesTapeReader(new ByteArrayInputStream(tape), "bench", null)) {
            for (TapeRecord rec = r.next(); rec != null; rec = r.next()) {
                bh.consume(rec);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void parseTree(Blackhole bh) throws IOException {
        for (int[] l : lines) {
            bh.consume(TapeJson.mapper().readTree(tape, l[0], l[1]));
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void parseTreeAndText(Blackhole bh) throws IOException {
        for (int[] l : lines) {
            bh.consume(TapeJson.mapper().readTree(tape, l[0], l[1]));
            bh.consume(JsonText.valueText(tape, l[0], l[1], "env", "message"));
        }
    }
}
