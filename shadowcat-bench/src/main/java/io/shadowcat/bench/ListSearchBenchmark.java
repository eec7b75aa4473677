package io.shadowcat.bench;

import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
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
 * Listing and searching a {@code filesystem} directory of 100,000 tapes (target: under 100 ms each). The
 * directory ({@code shadowcat-list-100000} in {@code -Dshadowcat.bench.dir}, default the temp directory) is
 * filled once through {@code save} and kept for later runs; {@code reopen} measures opening it with its
 * index. Use {@code /dev/shm} to fill it fast.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public class ListSearchBenchmark {

    @Param({"100000"})
    public int tapes;

    private Path dir;
    private TapeStorageBackend storage;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        // Filled once and kept (marked complete) so that every benchmark method reuses the same directory.
        dir = Path.of(System.getProperty("shadowcat.bench.dir", System.getProperty("java.io.tmpdir")))
                .resolve("shadowcat-list-" + tapes);
        Path complete = dir.resolve(".bench-complete");
        if (!Files.exists(complete)) {
            BenchTapes.deleteTree(dir);
            Files.createDirectories(dir);
            try (TapeStorageBackend s = BenchTapes.filesystem(dir, "durability", "on_close")) {
                Instant epoch = Instant.parse("2026-01-01T00:00:00Z");
                for (int i = 0; i < tapes; i++) {
                    String name = (i == tapes / 2 ? "needle " : "tape ") + i;
                    TapeMetadata m = TapeMetadata.named(name).withTags(List.of("tag-" + (i % 10), "all"))
                            .withStatus(i % 100 == 0 ? TapeStatus.ERROR : TapeStatus.FINALIZED);
                    List<Frame> frames = List.of(
                            Frame.of(0, 0, Direction.CLIENT_TO_SERVER, BenchTapes.REQUEST),
                            Frame.of(1, 5, Direction.SERVER_TO_CLIENT, BenchTapes.RESPONSE));
                    s.save(new Tape(new TapeHeader(TapeId.of("t" + i), "session-" + (i % 1000),
                            epoch.plusSeconds(i), "2025-06-18", m), frames, List.of()));
                }
            }
            Files.createFile(complete);
        }
        storage = BenchTapes.filesystem(dir);
    }

    @TearDown(Level.Trial)
    public void cleanUp() {
        storage.close(); // the directory stays for the next run; delete it by hand
    }

    /** The first page of everything (counts all 100,000). */
    @Benchmark
    public Page<TapeSummary> listFirstPage() {
        return storage.list(TapeQuery.all());
    }

    /** A page of the tapes with one tag (10,000 match). */
    @Benchmark
    public Page<TapeSummary> listByTag() {
        return storage.list(TapeQuery.all().withTags(Set.of("tag-3")));
    }

    /** A name substring that one tape has. */
    @Benchmark
    public Page<TapeSummary> listByName() {
        return storage.list(new TapeQuery(null, null, null, "needle", null, null, 0, 100));
    }

    /** Filters only: tag, status and a date range. */
    @Benchmark
    public Page<SearchHit> searchFilters() {
        return storage.search(SearchQuery.parse("tag:tag-3 status:error after:2026-01-01T06:00:00Z"));
    }

    /** A word found in one tape's name, and method/tool filters answered from the index. */
    @Benchmark
    public Page<SearchHit> searchWordInName() {
        return storage.search(SearchQuery.parse("needle method:tools/call tool:get_forecast"));
    }

    /** Opening the directory: loading its index journal and checking it against the files. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Measurement(iterations = 3)
    @Warmup(iterations = 1)
    public long reopen() {
        try (TapeStorageBackend again = BenchTapes.filesystem(dir)) {
            return again.stats().tapeCount();
        }
    }
}
