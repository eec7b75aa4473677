package io.shadowcat.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeFileReader;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
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
 * Searching 10,000 tapes of 40 frames each in the {@code sqlite} provider (goal: a phrase under 100 ms,
 * stretch under 20 ms), with the {@code filesystem} provider's scan over the same tapes as the baseline.
 *
 * <p>The set-up (once, kept for later runs in {@code shadowcat-search-VERSION-TAPESxFRAMES} under
 * {@code -Dshadowcat.bench.dir}) writes synthetic MCP sessions as JSON Lines files through the
 * {@code filesystem} provider, then imports that directory into {@code tapes.db} the way
 * {@code shadowcat tape import DIR --storage sqlite:...} does (every file read with {@link TapeFileReader},
 * stored with {@code saveAll} in batches of 500), and prints how long the import took.
 *
 * <p>The sessions: an {@code initialize} handshake, {@code tools/list}, then {@code tools/call} requests
 * with arguments and results of text drawn from 3,000 words (Zipf-like frequencies); one tape in 100 has a
 * result saying "tool call failed".
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public class SqliteSearchBenchmark {

    /** In one tape of 100 (the benchmark's phrase). */
    static final String PHRASE = "tool call failed";

    /** Part of the data set's directory name: change it whenever {@link Corpus} changes. */
    private static final String CORPUS_VERSION = "v2";

    @Param({"10000"})
    public int tapes;

    @Param({"40"})
    public int frames;

    private TapeStorageBackend sqlite;
    private TapeStorageBackend filesystem;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        Path dir = Path.of(System.getProperty("shadowcat.bench.dir", System.getProperty("java.io.tmpdir")))
                .resolve("shadowcat-search-" + CORPUS_VERSION + "-" + tapes + "x" + frames);
        Path files = dir.resolve("tapes");
        Path db = dir.resolve("tapes.db");
        Path complete = dir.resolve(".bench-complete");
        if (!Files.exists(complete)) {
            BenchTapes.deleteTree(dir);
            Files.createDirectories(files);
            try (TapeStorageBackend fs = BenchTapes.filesystem(files, "durability", "on_close")) {
                Corpus corpus = new Corpus(42);
                for (int i = 0; i < tapes; i++) {
                    fs.save(corpus.tape(i, frames));
                }
            }
            long start = System.nanoTime();
            long imported = importInto(files, db);
            double seconds = (System.nanoTime() - start) / 1e9;
            String line = String.format(Locale.ROOT, "imported %d tapes (%d frames) into %s in %.1f s: %.0f tapes/s,"
                    + " %.0f frames/s; database %.0f MB", tapes, imported, db, seconds, tapes / seconds,
                    imported / seconds, Files.size(db) / 1e6);
            System.out.println(line);
            Files.writeString(dir.resolve("import.txt"), line + "\n");
            Files.createFile(complete);
        } else {
            System.out.println(Files.readString(dir.resolve("import.txt")).trim() + " (earlier run)");
        }
        sqlite = StorageRegistry.global().create("sqlite", StorageSettings.of("sqlite", Map.of("path", db.toString())));
        filesystem = BenchTapes.filesystem(files);
    }

    // What `shadowcat tape import DIR` does: read each file, store batches of 500 tapes with saveAll.
    private static long importInto(Path files, Path db) throws IOException {
        long frames = 0;
        try (TapeStorageBackend s = StorageRegistry.global().create("sqlite",
                StorageSettings.of("sqlite", Map.of("path", db.toString())))) {
            List<Tape> batch = new ArrayList<>();
            for (Path file : TapeFileReader.list(files)) {
                Tape t = TapeFileReader.read(file, null);
                frames += t.frames().size();
                batch.add(t);
                if (batch.size() == 500) {
                    s.saveAll(batch);
                    batch.clear();
                }
            }
            s.saveAll(batch);
        }
        return frames;
    }

    @TearDown(Level.Trial)
    public void close() {
        sqlite.close();
        filesystem.close();
    }

    /** The phrase, in about 1% of the tapes: the measurement. */
    @Benchmark
    public Page<SearchHit> sqlitePhrase() {
        return sqlite.search(SearchQuery.parse("\"" + PHRASE + "\""));
    }

    /** The phrase narrowed by a tag and a date (about a fifth of the phrase's hits remain). */
    @Benchmark
    public Page<SearchHit> sqlitePhraseWithFilters() {
        return sqlite.search(SearchQuery.parse("\"" + PHRASE + "\" tag:prod after:2026-01-01T01:00:00Z"));
    }

    /** Two less common words (each in roughly one tape of six), anywhere in a tape. */
    @Benchmark
    public Page<SearchHit> sqliteTwoWords() {
        return sqlite.search(SearchQuery.parse(Corpus.word(600) + " " + Corpus.word(601)));
    }

    /** A word in most tapes: the worst case, every tape ranked. */
    @Benchmark
    public Page<SearchHit> sqliteCommonWord() {
        return sqlite.search(SearchQuery.parse(Corpus.word(0)));
    }

    /** Baseline: the same phrase, scanned by the filesystem provider. */
    @Benchmark
    public Page<SearchHit> filesystemPhrase() {
        return filesystem.search(SearchQuery.parse("\"" + PHRASE + "\""));
    }

    /** Synthetic MCP sessions, the same for the same seed. */
    static final class Corpus {
        private static final String[] WORDS = new String[3000];
        private static final String[] TOOLS = {"get_forecast", "search_docs", "read_file", "list_issues",
            "run_query", "send_email", "translate", "summarize"};

        static {
            SplittableRandom r = new SplittableRandom(7);
            for (int i = 0; i < WORDS.length; i++) {
                StringBuilder w = new StringBuilder();
                int len = 3 + r.nextInt(8);
                for (int k = 0; k < len; k++) {
                    w.append((char) ('a' + r.nextInt(26)));
                }
                WORDS[i] = w.toString();
            }
        }

        private final SplittableRandom random;
        private final JsonNodeFactory json = JsonNodeFactory.instance;

        Corpus(long seed) {
            random = new SplittableRandom(seed);
        }

        static String word(int rank) {
            return WORDS[rank];
        }

        // rank ~ 1/x: a few words are everywhere, most are rare
        private String anyWord() {
            return WORDS[(int) Math.min(WORDS.length - 1, Math.floor(Math.exp(random.nextDouble() * Math.log(WORDS.length))) - 1)];
        }

        private String sentence(int words) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < words; i++) {
                b.append(i == 0 ? "" : " ").append(anyWord());
            }
            return b.toString();
        }

        Tape tape(int index, int frameCount) {
            List<Frame> out = new ArrayList<>(frameCount);
            boolean failing = index % 100 == 7;
            long ts = 0;
            for (int seq = 0; seq < frameCount; seq++) {
                ts += 1 + random.nextInt(200);
                ObjectNode m = json.objectNode().put("jsonrpc", "2.0");
                int id = seq / 2 + 1;
                boolean request = seq % 2 == 0;
                if (seq == 0) {
                    m.put("id", id).put("method", "initialize").putObject("params").put("protocolVersion", "2025-06-18")
                            .putObject("clientInfo").put("name", "bench-client").put("version", "1.0");
                } else if (seq == 1) {
                    m.put("id", id).putObject("result").put("protocolVersion", "2025-06-18")
                            .putObject("serverInfo").put("name", "bench-server").put("version", "2.3.1");
                } else if (seq == 2) {
                    m.put("id", id).put("method", "tools/list").putObject("params");
                } else if (seq == 3) {
                    var list = m.put("id", id).putObject("result").putArray("tools");
                    for (String tool : TOOLS) {
                        list.addObject().put("name", tool).put("description", sentence(6));
                    }
                } else if (request) {
                    m.put("id", id).put("method", "tools/call").putObject("params")
                            .put("name", TOOLS[random.nextInt(TOOLS.length)])
                            .putObject("arguments").put("query", sentence(4)).put("limit", 1 + random.nextInt(20));
                } else {
                    String text = sentence(25);
                    if (failing && seq == frameCount - 1) {
                        text = "error: the " + PHRASE + " after 3 retries: " + sentence(5);
                    }
                    m.put("id", id).putObject("result").put("isError", false).putArray("content").addObject()
                            .put("type", "text").put("text", text);
                }
                out.add(Frame.of(seq, ts, request ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT, m));
            }
            Instant created = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(index);
            TapeMetadata meta = TapeMetadata.named("session " + index + " " + anyWord())
                    .withTags(index % 3 == 0 ? List.of("prod") : List.of("dev"))
                    .withStatus(TapeStatus.FINALIZED);
            return new Tape(new TapeHeader(TapeId.of(String.format(Locale.ROOT, "s%06d", index)), "session-" + index,
                    created, "2025-06-18", meta), out, List.of());
        }
    }
}
