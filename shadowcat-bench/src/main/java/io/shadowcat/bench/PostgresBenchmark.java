package io.shadowcat.bench;

import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.TapeSummary;
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
 * The {@code postgres} provider side by side with {@code sqlite} in one run: appending frames to a live tape
 * with the default batching (goal: at least 20,000 frames/s), and {@code list}'s first page and a phrase search
 * over the 10,000 tapes x 40 frames of {@link SqliteSearchBenchmark.Corpus} (goal: under 100 ms, stretch 20 ms).
 *
 * <p>Needs a server you start (README "postgres", running the benchmark): its JDBC URL in
 * {@code -Dshadowcat.bench.postgres} (default {@code jdbc:postgresql://127.0.0.1:5499/postgres}), the role in
 * {@code -Dshadowcat.bench.postgres.user} and its password in {@code PGPASSWORD}. The tapes are stored once in the
 * schema {@code bench_TAPESxFRAMES} and kept; the sqlite copy is the one {@code RedisBenchmark} keeps.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public class PostgresBenchmark {

    @Param({"postgres", "sqlite"})
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
        String url = System.getProperty("shadowcat.bench.postgres", "jdbc:postgresql://127.0.0.1:5499/postgres");
        String user = System.getProperty("shadowcat.bench.postgres.user", "shadowcat");
        Path base = Path.of(System.getProperty("shadowcat.bench.dir", System.getProperty("java.io.tmpdir")));
        scratchDir = Files.createTempDirectory(base, "shadowcat-postgres-bench-");
        if (provider.equals("postgres")) {
            filled = open("postgres", Map.of("url", url, "user", user, "schema", "bench_" + tapes + "x" + frames));
            if (filled.stats().tapeCount() < tapes) {
                store(filled);
            }
            scratch = open("postgres", Map.of("url", url, "user", user, "schema", "bench_append_" + System.nanoTime()));
        } else {
            Path db = base.resolve("shadowcat-redis-bench-sqlite-" + tapes + "x" + frames + ".db");
            filled = open("sqlite", Map.of("path", db.toString()));
            if (filled.stats().tapeCount() < tapes) {
                store(filled);
            }
            scratch = open("sqlite", Map.of("path", scratchDir.resolve("append.db").toString()));
        }
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

    /** The phrase in about 1% of the tapes. */
    @Benchmark
    public Page<SearchHit> phraseSearch() {
        return filled.search(SearchQuery.parse("\"" + SqliteSearchBenchmark.PHRASE + "\""));
    }
}
