package io.shadowcat.bench;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * The {@code s3} provider side by side with {@code sqlite} in one run: appending frames to a live tape with the
 * default batching (goal: at least 20,000 frames/s), {@code list}'s first page (goal: under 500 ms) and a phrase
 * search over the 10,000 tapes x 40 frames of {@link SqliteSearchBenchmark.Corpus}.
 *
 * <p>Needs a store you start: {@code scripts/s3proxy} (S3Proxy on 127.0.0.1:9321, bucket
 * {@code shadowcat-bench}), or any S3 endpoint through {@code -Dshadowcat.bench.s3.endpoint}, {@code .bucket},
 * {@code .access_key}, {@code .secret_key}. The tapes are stored once under the prefix
 * {@code bench-v2/TAPESxFRAMES/} and kept; the sqlite copy is the one {@code RedisBenchmark} keeps.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public class S3Benchmark {

    @Param({"s3", "sqlite"})
    public String provider;

    @Param({"10000"})
    public int tapes;

    @Param({"40"})
    public int frames;

    private TapeStorageBackend filled;
    private TapeStorageBackend scratch;
    private Path scratchDir;
    private TapeWriter writer;
    private long seq;
    private int tape;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        Path base = Path.of(System.getProperty("shadowcat.bench.dir", System.getProperty("java.io.tmpdir")));
        scratchDir = Files.createTempDirectory(base, "shadowcat-s3-bench-");
        if (provider.equals("s3")) {
            filled = open("s3", s3("bench-v2/" + tapes + "x" + frames + "/"));
            if (filled.stats().tapeCount() < tapes) {
                store(filled);
            }
            scratch = open("s3", s3("bench-append-" + System.nanoTime() + "/"));
        } else {
            Path db = base.resolve("shadowcat-redis-bench-sqlite-" + tapes + "x" + frames + ".db");
            filled = open("sqlite", Map.of("path", db.toString()));
            if (filled.stats().tapeCount() < tapes) {
                store(filled);
            }
            scratch = open("sqlite", Map.of("path", scratchDir.resolve("append.db").toString()));
        }
    }

    private static Map<String, String> s3(String prefix) {
        Map<String, String> s = new HashMap<>();
        s.put("bucket", System.getProperty("shadowcat.bench.s3.bucket", "shadowcat-bench"));
        s.put("endpoint", System.getProperty("shadowcat.bench.s3.endpoint", "http://127.0.0.1:9321"));
        s.put("path_style", "true");
        s.put("access_key", System.getProperty("shadowcat.bench.s3.access_key", "local-access"));
        s.put("secret_key", System.getProperty("shadowcat.bench.s3.secret_key", "local-secret-0123456789"));
        s.put("checksums", System.getProperty("shadowcat.bench.s3.checksums", "when_required"));
        s.put("prefix", prefix);
        return s;
    }

    private void store(TapeStorageBackend s) {
        SqliteSearchBenchmark.Corpus corpus = new SqliteSearchBenchmark.Corpus(42);
        List<Tape> batch = new ArrayList<>();
        for (int i = 0; i < tapes; i++) {
            batch.add(corpus.tape(i, frames));
            if (batch.size() == 500) {
                s.saveAll(batch);
                batch.clear();
            }
        }
        s.saveAll(batch);
    }

    private static TapeStorageBackend open(String name, Map<String, String> settings) {
        return StorageRegistry.global().create(name, StorageSettings.of(name, settings));
    }

    @Setup(Level.Iteration)
    public void newTape() {
        writer = scratch.openWriter(new TapeHeader(TapeId.of("append-" + tape++), "bench", Instant.now(),
                "2025-06-18", null));
        seq = 0;
    }

    @TearDown(Level.Iteration)
    public void finishTape() {
        writer.finish(TapeStatus.FINALIZED);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        filled.close();
        scratch.close();
        BenchTapes.deleteTree(scratchDir);
    }

    /** One frame appended to a live tape, default batching (256 frames or 200 ms). Ops are frames. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void appendFrame() {
        long s = seq++;
        writer.append(new Frame(s, s, (s & 1) == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                (s & 1) == 0 ? BenchTapes.REQUEST : BenchTapes.RESPONSE, null, null, null, null));
    }

    /** The first page of all tapes, with the total. */
    @Benchmark
    public Page<TapeSummary> listFirstPage() {
        return filled.list(TapeQuery.all());
    }

    /**
     * A backend opened for one call, so that nothing is cached: what the first {@code list} of a new process
     * costs (opening itself is not timed).
     */
    @State(Scope.Thread)
    public static class Fresh {
        TapeStorageBackend backend;

        @Setup(Level.Invocation)
        public void open(S3Benchmark b) {
            backend = b.provider.equals("s3") ? S3Benchmark.open("s3", s3("bench-v2/" + b.tapes + "x" + b.frames + "/"))
                    : S3Benchmark.open("sqlite", Map.of("path", Path.of(System.getProperty("shadowcat.bench.dir",
                            System.getProperty("java.io.tmpdir"))).resolve("shadowcat-redis-bench-sqlite-" + b.tapes
                            + "x" + b.frames + ".db").toString()));
        }

        @TearDown(Level.Invocation)
        public void close() {
            backend.close();
        }
    }

    /** The first page of all tapes from a backend just opened (nothing cached). */
    @Benchmark
    public Page<TapeSummary> listFirstPageFresh(Fresh fresh) {
        return fresh.backend.list(TapeQuery.all());
    }

    /** The phrase in about 1% of the tapes. */
    @Benchmark
    public Page<SearchHit> phraseSearch() {
        return filled.search(SearchQuery.parse("\"" + SqliteSearchBenchmark.PHRASE + "\""));
    }
}
