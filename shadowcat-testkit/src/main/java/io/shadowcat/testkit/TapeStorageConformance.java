package io.shadowcat.testkit;

import io.shadowcat.storage.UnsupportedCapabilityException;
import io.shadowcat.storage.spi.ProviderCapability;
import org.junit.jupiter.api.Assumptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.TapeExistsException;
import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.FrameOrderException;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStats;
import io.shadowcat.tape.TapeStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every storage provider must meet. A provider's test extends this class and supplies a fresh
 * backend:
 *
 * <pre>{@code
 * class MyProviderConformanceTest extends TapeStorageConformance {
 *     @Override
 *     public TapeStorageBackend createBackend(Path dir) {
 *         return new MyProvider().create(StorageSettings.of("my", Map.of("path", dir.toString())));
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #createBackend} is public, so that the same method also implements
 * {@link TornLastLineConformance#createBackend} (interface methods are public).
 *
 * <p>The kit is a JUnit Jupiter suite: it needs {@code maven-surefire-plugin} 2.22.0 or later (3.x is best).
 * Maven 3.8 binds surefire 2.12.4 by default, which knows no JUnit Platform, runs none of these tests and
 * still reports success: pin the plugin's version in your pom (and check that the build says "Tests run:"
 * with more than 0). The kit cannot catch that case itself, since none of its code runs; what it does catch is
 * a class in which JUnit ran but skipped every kit test (an assumption failing in {@code createBackend}, say):
 * that class fails, naming the first reason.
 *
 * <p>It checks: exact round trips (messages verbatim, metadata, correlations, counters), unknown and hostile
 * ids, listing and search with every filter and paging, 100 concurrent recordings with concurrent readers,
 * a 1,000,000-frame tape streamed in bounded memory, close and reopen, deletion, {@code saveAll}, the
 * refusal to replace or delete a tape being recorded, and that every call after {@code close} throws
 * {@link IllegalStateException}. Providers that store
 * tapes as lines also implement {@link TornLastLineConformance}.
 */
@ExtendWith(KitTally.class)
public abstract class TapeStorageConformance {

    /** Frames of the big streaming test. */
    protected static final int BIG_TAPE_FRAMES = 1_000_000;
    /** Recordings of the concurrency test. */
    protected static final int CONCURRENT_RECORDINGS = 100;

    /** A scratch directory for the provider's data, the same for every backend of one test. */
    @TempDir
    protected Path dataDir;

    /** The backend under test, created before each test and closed after it. */
    protected TapeStorageBackend storage;

    /**
     * A backend keeping its data under {@code dir} (providers without files may ignore it). Called once per
     * test with an empty directory, and again with the same directory after {@link TapeStorageBackend#close()}
     * to check that tapes survive a reopen.
     */
    public abstract TapeStorageBackend createBackend(Path dir) throws Exception;

    /** False for providers whose tapes do not outlive the backend (such as {@code memory}). */
    protected boolean persistsAcrossReopen() {
        return true;
    }

    @BeforeEach
    void openStorage() throws Exception {
        storage = createBackend(dataDir);
    }

    @AfterEach
    void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }

    /** Skips the calling test unless the provider declares {@code capability}; the kit tests it otherwise. */
    protected final void requires(ProviderCapability capability) {
        Assumptions.assumeTrue(storage.capabilities().contains(capability),
                () -> storage.providerName() + " does not declare " + capability);
    }

    /** Closes the backend and opens a new one on the same data. */
    protected final TapeStorageBackend reopen() throws Exception {
        storage.close();
        storage = createBackend(dataDir);
        return storage;
    }

    // ---------------------------------------------------------------- capabilities

    @Test
    void whatIsNotDeclaredIsRefusedNotIgnored() {
        Set<ProviderCapability> caps = storage.capabilities();
        assertThat(caps).as("capabilities").isNotNull();
        Tape sample = SampleTapes.tape(77, "undeclared", 3, 0);
        if (!caps.contains(ProviderCapability.LIVE_APPEND)) {
            assertThat(catchThrowable(() -> storage.openWriter(sample.header())))
                    .as("%s does not declare live_append: openWriter must refuse with UnsupportedCapabilityException",
                            storage.providerName())
                    .isInstanceOf(UnsupportedCapabilityException.class);
        }
        if (!caps.contains(ProviderCapability.SUBSTRING_SEARCH)) {
            assertThat(catchThrowable(() -> storage.search(SearchQuery.parse("anything"))))
                    .as("%s does not declare substring_search: search must refuse with UnsupportedCapabilityException",
                            storage.providerName())
                    .isInstanceOf(UnsupportedCapabilityException.class);
        }
        assertThat(caps.contains(ProviderCapability.LOCAL_STORAGE) && caps.contains(ProviderCapability.REMOTE_STORAGE))
                .as("local and remote at once").isFalse();
        assertThat(!caps.contains(ProviderCapability.MULTI_HOST) || caps.contains(ProviderCapability.MULTI_PROCESS))
                .as("multi_host implies multi_process").isTrue();
    }

    @Test
    void startingATapeThatExistsFailsAndOfTwoAtOnceOneWins() throws Exception {
        requires(ProviderCapability.LIVE_APPEND);
        requires(ProviderCapability.CONDITIONAL_CREATE);
        Tape saved = SampleTapes.tape(78, "taken", 3, 0);
        storage.save(saved);
        assertThatThrownBy(() -> storage.openWriter(saved.header())).isInstanceOf(TapeExistsException.class);
        assertThat(storage.load(saved.id()).frames()).isEqualTo(saved.frames());
        Tape fresh = SampleTapes.tape(79, "raced", 3, 0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TapeWriter>> tries = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tries.add(pool.submit(() -> {
                    go.await();
                    try {
                        return storage.openWriter(fresh.header());
                    } catch (TapeExistsException lost) {
                        return null;
                    }
                }));
            }
            go.countDown();
            List<TapeWriter> won = new ArrayList<>();
            for (Future<TapeWriter> f : tries) {
                TapeWriter w = f.get();
                if (w != null) {
                    won.add(w);
                }
            }
            assertThat(won).as("writers that started the same new tape").hasSize(1);
            won.get(0).finish(TapeStatus.FINALIZED);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rankedSearchPutsTheBetterMatchFirst() {
        requires(ProviderCapability.SUBSTRING_SEARCH);
        requires(ProviderCapability.RANKED_SEARCH);
        // The better match says the word more often, in more frames, in shorter text: better by any measure.
        JsonNode dense = TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"text\":\"zephyrine zephyrine\"}}");
        JsonNode sparse = TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"text\":\"on a long and"
                + " windy afternoon of little note a zephyrine breeze came by the harbour and went on its way\"}}");
        JsonNode other = TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"text\":\"nothing here\"}}");
        List<Frame> few = new ArrayList<>();
        List<Frame> many = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            few.add(Frame.of(i, i, Direction.SERVER_TO_CLIENT, i == 0 ? sparse : other));
            many.add(Frame.of(i, i, Direction.SERVER_TO_CLIENT, dense));
        }
        storage.save(new Tape(new TapeHeader(TapeId.of("rank-few"), "s", SampleTapes.EPOCH.plusSeconds(5), "2025-06-18",
                null), few, List.of()));
        storage.save(new Tape(new TapeHeader(TapeId.of("rank-many"), "s", SampleTapes.EPOCH, "2025-06-18", null), many,
                List.of()));
        List<SearchHit> hits = storage.search(SearchQuery.parse("zephyrine")).items();
        assertThat(hits).extracting(h -> h.tape().id().value()).containsExactly("rank-many", "rank-few");
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
    }

    // ---------------------------------------------------------------- round trips

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42, 2026})
    void savedTapesLoadBackExactly(long seed) {
        Tape tape = SampleTapes.tape(seed, "round-trip-" + seed, 300, seed);
        storage.save(tape);
        assertThat(storage.exists(tape.id())).isTrue();
        Tape loaded = storage.load(tape.id());
        assertSameTape(loaded, tape);
        assertSameHeader(storage.header(tape.id()), tape);
        try (Stream<Frame> frames = storage.streamFrames(tape.id())) {
            assertThat(frames.collect(Collectors.toList())).isEqualTo(tape.frames());
        }
        try (Stream<Correlation> correlations = storage.streamCorrelations(tape.id())) {
            assertThat(correlations.collect(Collectors.toList())).isEqualTo(tape.correlations());
        }
    }

    @Test
    void messagesAreKeptVerbatim() {
        String[] messages = {
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":{\"x\":null}}",
            "{\"jsonrpc\":\"2.0\",\"id\":12345678901234567890123,\"method\":\"big\",\"params\":{\"d\":1.10,\"e\":-2.5E-12}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\",\"params\":{\"t\":\"Zürich 日本語 🎉 \\\"q\\\" \\\\ \\n\\t\\u0000\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32601,\"message\":\"nope\",\"data\":[1,[2,[3]]]},\"extra_field\":{}}",
            "[{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"batch\"},{\"jsonrpc\":\"2.0\",\"method\":\"n\"}]",
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{\"blob\":\"" + "x".repeat(3_000_000) + "\"}}",
        };
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            frames.add(Frame.of(i, i * 10L, i % 2 == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                    TapeJson.parse(messages[i])));
        }
        Tape tape = new Tape(new TapeHeader(TapeId.of("verbatim"), null, SampleTapes.EPOCH, null,
                TapeMetadata.named(null).withStatus(TapeStatus.FINALIZED)), frames, List.of());
        storage.save(tape);
        List<Frame> back = storage.load(tape.id()).frames();
        for (int i = 0; i < messages.length; i++) {
            assertThat(TapeJson.compact(back.get(i).message())).as("message %d", i).isEqualTo(messages[i]);
        }
        assertThat(back.get(0).message().get("id").isIntegralNumber()).isTrue();
        assertThat(back.get(1).message().get("id").isTextual()).isTrue();
        assertThat(back.get(4).flags().isError()).isTrue();
        assertThat(back.get(3).flags().isNotification()).isTrue();
    }

    /**
     * Messages as a server or client wrote them, each a trap for a store that keeps the parsed form instead:
     * exponents, negative zero, trailing zeros, integers beyond 64 bits, escapes that decode to the same
     * string ({@code \u00e9}, {@code \/}), raw emoji, key order, whitespace inside the message.
     */
    static final List<String> ORIGINAL_TEXTS = List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"n\",\"arguments\":"
                    + "{\"e\":1e2,\"E\":1E+2,\"z\":-0,\"zf\":-0.0,\"one\":1.0,\"big\":123456789012345678901234567890,"
                    + "\"neg\":-98765432109876543210.000}}}",
            "{\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"caf\\u00e9 caf\u00e9 a\\/b \ud83d\ude00 \\ud83d\\ude00\"}]},"
                    + "\"id\":1,\"jsonrpc\":\"2.0\"}",
            "{ \"jsonrpc\" : \"2.0\",  \"method\":\"notifications/message\",\t\"params\":{\"level\":\"info\","
                    + "  \"data\":[ 1 ,2,  3 ] } }",
            "[{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"} , {\"jsonrpc\":\"2.0\",\"method\":\"n\",\"params\":{\"x\":1.50}}]",
            "{\n  \"jsonrpc\": \"2.0\",\n  \"id\": 2,\n  \"result\": {\"n\": 1e-7}\n}");

    @Test
    void messagesKeepTheirOriginalText() {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < ORIGINAL_TEXTS.size(); i++) {
            frames.add(Frame.ofText(i, i * 10L, i % 2 == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                    ORIGINAL_TEXTS.get(i)));
        }
        Tape tape = new Tape(new TapeHeader(TapeId.of("original-text"), null, SampleTapes.EPOCH, null,
                TapeMetadata.named(null).withStatus(TapeStatus.FINALIZED)), frames, List.of());
        storage.save(tape);
        assertOriginalTexts(storage.load(tape.id()).frames(), "load after save");
        try (Stream<Frame> streamed = storage.streamFrames(tape.id())) {
            assertOriginalTexts(streamed.collect(Collectors.toList()), "stream after save");
        }
        // the parsed form is there too, and exact: what matching and search use
        Frame call = storage.load(tape.id()).frames().get(0);
        assertThat(call.message().at("/params/arguments/big").bigIntegerValue())
                .isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
        assertThat(call.message().at("/params/arguments/one").decimalValue()).isEqualTo(new java.math.BigDecimal("1.0"));

        if (storage.capabilities().contains(ProviderCapability.LIVE_APPEND)) {
            TapeHeader live = new TapeHeader(TapeId.of("original-text-live"), null, SampleTapes.EPOCH, null,
                    TapeMetadata.named(null));
            try (TapeWriter writer = storage.openWriter(live)) {
                frames.forEach(writer::append);
                writer.flush();
                try (Stream<Frame> partial = storage.streamFrames(live.id())) {
                    assertOriginalTexts(partial.collect(Collectors.toList()), "stream while recording");
                }
                writer.finish(TapeStatus.FINALIZED);
            }
            assertOriginalTexts(storage.load(live.id()).frames(), "load after recording");
        }
    }

    @Test
    void replayAnswersWithTheOriginalText() {
        String request = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"calc\"}}";
        String progress = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"data\":-0.0,"
                + "\"t\":\"\\u00e9\\/\ud83d\ude00\"}}";
        String response = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"v\":1e2,\"z\":-0,\"one\":1.0, \"big\":"
                + "123456789012345678901234567890,\"s\":\"caf\\u00e9 \\/ \ud83d\ude00\"}}";
        List<Frame> frames = List.of(Frame.ofText(0, 0, Direction.CLIENT_TO_SERVER, request),
                Frame.ofText(1, 1, Direction.SERVER_TO_CLIENT, progress),
                Frame.ofText(2, 2, Direction.SERVER_TO_CLIENT, response));
        Tape tape = new Tape(new TapeHeader(TapeId.of("original-replay"), null, SampleTapes.EPOCH, null,
                TapeMetadata.named(null).withStatus(TapeStatus.FINALIZED)), frames, List.of());
        storage.save(tape);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new io.shadowcat.replay.ReplayServer(storage.load(tape.id()), io.shadowcat.replay.ReplayOptions.defaults())
                .serve(new java.io.ByteArrayInputStream((request + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        out);
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(progress + "\n" + response + "\n");
    }

    /** A request the session ended without answering is flagged by a correlation naming no response. */
    @Test
    void anUnansweredRequestComesBackFlagged() {
        Frame answered = Frame.ofText(0, 0, Direction.CLIENT_TO_SERVER, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"}");
        Frame response = Frame.ofText(1, 3, Direction.SERVER_TO_CLIENT, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
        Frame open = Frame.ofText(2, 4, Direction.CLIENT_TO_SERVER, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"slow\"}");
        List<Correlation> correlations = List.of(
                new Correlation("corr-1", 0, 1, 0, 3, 3, io.shadowcat.tape.CorrelationStatus.SUCCESS),
                Correlation.unanswered("corr-2", 2, 4));
        Tape tape = new Tape(new TapeHeader(TapeId.of("unanswered"), null, SampleTapes.EPOCH, null,
                TapeMetadata.named(null).withStatus(TapeStatus.FINALIZED)), List.of(answered, response, open), correlations);
        storage.save(tape);
        assertThat(storage.load(tape.id()).correlations()).isEqualTo(correlations);
        try (Stream<Correlation> back = storage.streamCorrelations(tape.id())) {
            assertThat(back.collect(Collectors.toList())).isEqualTo(correlations);
        }
    }

    private static void assertOriginalTexts(List<Frame> back, String how) {
        assertThat(back).as(how).hasSize(ORIGINAL_TEXTS.size());
        for (int i = 0; i < ORIGINAL_TEXTS.size(); i++) {
            assertThat(back.get(i).text()).as("%s: message %d", how, i).isEqualTo(ORIGINAL_TEXTS.get(i));
            assertThat(back.get(i).message()).as("%s: parsed message %d", how, i)
                    .isEqualTo(TapeJson.parse(ORIGINAL_TEXTS.get(i)));
        }
    }

    @Test
    void recordedTapesAreReadableWhileRecordingAndExactOnceFinished() {
        requires(ProviderCapability.LIVE_APPEND);
        Tape sample = SampleTapes.tape(99, "recorded", 500, 5);
        TapeHeader start = new TapeHeader(sample.id(), sample.header().sessionId(), sample.header().createdAt(),
                null, TapeMetadata.named("first name"));
        TapeWriter writer = storage.openWriter(start);
        assertThat(writer.id()).isEqualTo(sample.id());
        assertThatThrownBy(() -> storage.openWriter(start)).isInstanceOf(TapeExistsException.class);
        record(writer, sample, seq -> {
            if (seq == 250) {
                writer.flush();
                TapeSummary live = find(storage.list(TapeQuery.all()), sample.id());
                assertThat(live.status()).isEqualTo(TapeStatus.RECORDING);
                try (Stream<Frame> partial = storage.streamFrames(sample.id())) {
                    assertThat(partial.count()).as("frames visible while recording").isEqualTo(251);
                }
            }
        });
        assertThatThrownBy(() -> writer.append(sample.frames().get(10))).isInstanceOf(IllegalArgumentException.class);
        writer.updateHeader(sample.header());
        TapeSummary done = writer.finish(TapeStatus.FINALIZED);
        assertThat(writer.finish(TapeStatus.ERROR)).isEqualTo(done);
        Frame late = sample.frames().get(sample.frames().size() - 1);
        Frame after = Frame.of(late.seq() + 1, late.ts(), late.direction(), late.message());
        assertThatThrownBy(() -> writer.append(after)).as("append after finish").isInstanceOf(IllegalStateException.class);
        assertThat(done.status()).isEqualTo(TapeStatus.FINALIZED);
        assertThat(done.frameCount()).isEqualTo(500);
        Tape loaded = storage.load(sample.id());
        assertThat(loaded.frames()).isEqualTo(sample.frames());
        assertThat(loaded.correlations()).isEqualTo(sample.correlations());
        assertThat(loaded.header().protocolVersion()).isEqualTo(sample.header().protocolVersion());
        assertThat(loaded.header().sessionId()).isEqualTo(sample.header().sessionId());
        assertThat(loaded.header().createdAt()).isEqualTo(sample.header().createdAt());
        TapeMetadata m = loaded.metadata();
        assertThat(m.name()).isEqualTo(sample.metadata().name());
        assertThat(m.tags()).isEqualTo(sample.metadata().tags());
        assertThat(m.description()).isEqualTo(sample.metadata().description());
        assertThat(m.transport()).isEqualTo(sample.metadata().transport());
        assertThat(m.status()).isEqualTo(TapeStatus.FINALIZED);
        assertThat(m.finalizedAt()).isNotNull();
        assertCounters(m.stats(), sample);
    }

    /** The seq rule ({@code io.shadowcat.tape.FrameOrder}) holds for {@code save} as for a writer. */
    @ParameterizedTest(name = "frame {0} repeated")
    @ValueSource(ints = {0, 5, 19})
    void saveRefusesFramesWhoseSeqDoesNotIncrease(int repeated) {
        Tape sample = SampleTapes.tape(31, "out-of-order", 20, 3);
        List<Frame> frames = new ArrayList<>(sample.frames());
        frames.add(repeated + 1, frames.get(repeated));
        Tape bad = new Tape(sample.header(), frames, List.of());
        assertThatThrownBy(() -> storage.save(bad)).isInstanceOf(FrameOrderException.class)
                .hasMessageContaining("tape out-of-order: frame seq " + sample.frames().get(repeated).seq());
        assertThat(storage.exists(bad.id())).isFalse();
        storage.save(sample);
        assertThatThrownBy(() -> storage.save(bad)).isInstanceOf(IllegalArgumentException.class);
        assertSameTape(storage.load(sample.id()), sample); // a refused replacement leaves the stored tape alone
    }

    // ---------------------------------------------------------------- ids

    @Test
    void unknownTapesAreReportedAsNotFound() {
        TapeId missing = TapeId.of("no-such-tape");
        assertThat(storage.exists(missing)).isFalse();
        assertThat(storage.delete(missing)).isFalse();
        assertThatThrownBy(() -> storage.load(missing)).isInstanceOf(TapeNotFoundException.class)
                .hasMessageContaining("no-such-tape");
        assertThatThrownBy(() -> storage.header(missing)).isInstanceOf(TapeNotFoundException.class);
        assertThatThrownBy(() -> {
            try (Stream<Frame> s = storage.streamFrames(missing)) {
                s.count();
            }
        }).isInstanceOf(TapeNotFoundException.class);
    }

    @Test
    void hostileIdsAreRejectedAndEdgeIdsWork() {
        for (String hostile : List.of("", "../escape", "a/b", "a\\b", "/abs", ".hidden", "a.b", "nul\0byte",
                "new\nline", "ünï", "x".repeat(129), " padded", "semi;colon", "%2e%2e")) {
            assertThatThrownBy(() -> TapeId.of(hostile)).as("id %s", hostile)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid tape id");
        }
        for (String edge : List.of("x".repeat(128), "-", "_", "A-z_0-9", "CON", "con", "NUL", "index", "tapes")) {
            Tape t = SampleTapes.tape(edge.length(), edge, 3, 1);
            storage.save(t);
            assertThat(storage.load(t.id()).frames()).as(edge).isEqualTo(t.frames());
        }
        assertThat(storage.list(TapeQuery.all()).total()).isEqualTo(9);
    }

    // ---------------------------------------------------------------- list and search

    private List<Tape> saveCatalog() {
        List<Tape> tapes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Tape t = SampleTapes.tape(i, String.format("cat-%02d", i), 6, i);
            TapeMetadata m = t.metadata().withName(i % 5 == 0 ? "Monsoon run " + i : "Other " + i)
                    .withTags(i % 2 == 0 ? List.of("even", "all") : List.of("odd", "all"))
                    .withStatus(i % 4 == 0 ? TapeStatus.ERROR : TapeStatus.FINALIZED);
            Tape tagged = new Tape(t.header().withMetadata(m), t.frames(), t.correlations());
            storage.save(tagged);
            tapes.add(tagged);
        }
        return tapes;
    }

    @Test
    void listFiltersAndPagesNewestFirst() {
        saveCatalog();
        Page<TapeSummary> all = storage.list(TapeQuery.all());
        assertThat(all.total()).isEqualTo(25);
        assertThat(ids(all.items())).first().isEqualTo("cat-24");
        assertThat(ids(all.items())).last().isEqualTo("cat-00");
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 25; offset += 7) {
            Page<TapeSummary> p = storage.list(TapeQuery.all().page(offset, 7));
            assertThat(p.total()).isEqualTo(25);
            assertThat(p.hasMore()).isEqualTo(offset + 7 < 25);
            paged.addAll(ids(p.items()));
        }
        assertThat(paged).isEqualTo(ids(all.items()));
        assertThat(storage.list(TapeQuery.all().page(30, 5)).items()).isEmpty();

        TapeQuery q = TapeQuery.all();
        assertThat(storage.list(q.withTags(Set.of("even", "all"))).total()).isEqualTo(13);
        assertThat(storage.list(q.withTags(Set.of("even", "odd"))).total()).isZero();
        assertThat(storage.list(q.withStatus(TapeStatus.ERROR)).total()).isEqualTo(7);
        assertThat(ids(storage.list(new TapeQuery(null, null, "session-3", null, null, null, 0, 10)).items()))
                .containsExactly("cat-03");
        assertThat(ids(storage.list(new TapeQuery(null, null, null, "mOnSoOn", null, null, 0, 10)).items()))
                .containsExactly("cat-20", "cat-15", "cat-10", "cat-05", "cat-00");
        Instant from = SampleTapes.EPOCH.plusSeconds(60 * 10);
        Instant to = SampleTapes.EPOCH.plusSeconds(60 * 13);
        assertThat(ids(storage.list(new TapeQuery(null, null, null, null, from, to, 0, 10)).items()))
                .containsExactly("cat-12", "cat-11", "cat-10");
        TapeSummary s = find(all, TapeId.of("cat-07"));
        assertThat(s.frameCount()).isEqualTo(6);
        assertThat(s.sessionId()).isEqualTo("session-7");
        assertThat(s.tags()).containsExactly("odd", "all");
        assertThat(s.sizeBytes()).isPositive();
    }

    @Test
    void searchMatchesTextAndFiltersAndPages() {
        requires(ProviderCapability.SUBSTRING_SEARCH);
        saveCatalog();
        Tape special = SampleTapes.tape(500, "needle", 4, 100);
        List<Frame> frames = new ArrayList<>(special.frames());
        frames.add(Frame.of(4, 1000, Direction.CLIENT_TO_SERVER, TapeJson.parse(
                "{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"tools/call\",\"params\":{\"name\":\"get_forecast\","
                        + "\"arguments\":{\"city\":\"Reykjavík\",\"note\":\"tool call failed twice\"}}}")));
        storage.save(new Tape(special.header().withMetadata(special.metadata().withTags(List.of("prod"))), frames,
                List.of()));

        SearchHit hit = only(storage.search(SearchQuery.parse("reykjavík")));
        assertThat(hit.tape().id().value()).isEqualTo("needle");
        assertThat(hit.frameSeqs()).containsExactly(4L);
        assertThat(only(storage.search(SearchQuery.parse("\"tool call failed\" REYKJAVÍK"))).tape().id().value())
                .isEqualTo("needle");
        assertThat(storage.search(SearchQuery.parse("\"call tool failed\"")).total()).isZero();
        assertThat(only(storage.search(SearchQuery.parse("tool:get_forecast"))).tape().id().value()).isEqualTo("needle");
        assertThat(only(storage.search(SearchQuery.parse("method:tools/call tag:prod"))).tape().id().value())
                .isEqualTo("needle");
        assertThat(storage.search(SearchQuery.parse("reykjavík tag:even")).total()).isZero();
        assertThat(storage.search(SearchQuery.parse("method:no/such/method")).total()).isZero();

        assertThat(storage.search(SearchQuery.parse("monsoon")).total()).isEqualTo(5);
        assertThat(storage.search(SearchQuery.parse("monsoon status:error")).total()).isEqualTo(2);
        assertThat(storage.search(SearchQuery.parse("session:session-21")).items()).extracting(h -> h.tape().id().value())
                .containsExactly("cat-21");
        assertThat(storage.search(SearchQuery.parse("tag:all after:2026-01-01T00:20:00Z before:2026-01-01T00:23:00Z"))
                .items()).extracting(h -> h.tape().id().value()).containsExactlyInAnyOrder("cat-20", "cat-21", "cat-22");

        Page<SearchHit> everything = storage.search(SearchQuery.parse("tag:all", 0, 100));
        assertThat(everything.total()).isEqualTo(25);
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 25; offset += 10) {
            Page<SearchHit> p = storage.search(SearchQuery.parse("tag:all", offset, 10));
            assertThat(p.total()).isEqualTo(25);
            p.items().forEach(h -> paged.add(h.tape().id().value()));
        }
        assertThat(paged).isEqualTo(everything.items().stream().map(h -> h.tape().id().value()).toList());
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void hundredConcurrentRecordingsWithConcurrentReaders() throws Exception {
        requires(ProviderCapability.LIVE_APPEND);
        requires(ProviderCapability.SUBSTRING_SEARCH);
        int framesEach = 200;
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_RECORDINGS + 4);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        Map<TapeId, Tape> expected = new ConcurrentHashMap<>();
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < CONCURRENT_RECORDINGS; w++) {
                int n = w;
                writers.add(pool.submit(() -> {
                    Tape sample = SampleTapes.tape(1000 + n, "concurrent-" + n, framesEach, n % 30);
                    go.await();
                    try (TapeWriter writer = storage.openWriter(sample.header())) {
                        record(writer, sample, seq -> {
                            if (seq % 50 == 0) {
                                Thread.yield();
                            }
                        });
                    }
                    expected.put(sample.id(), sample);
                    return null;
                }));
            }
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                int kind = r;
                readers.add(pool.submit(() -> {
                    go.await();
                    int rounds = 0;
                    do {
                        rounds++;
                        switch (kind) {
                            case 0 -> assertThat(storage.list(TapeQuery.all().page(0, 500)).total())
                                    .isBetween(0L, (long) CONCURRENT_RECORDINGS);
                            case 1 -> storage.search(SearchQuery.parse("tag:sample"));
                            case 2 -> expected.keySet().stream().findAny().ifPresent(id -> {
                                try (Stream<Frame> s = storage.streamFrames(id)) {
                                    assertThat(s.count()).isEqualTo(framesEach);
                                }
                            });
                            default -> expected.keySet().stream().findAny()
                                    .ifPresent(id -> assertThat(storage.load(id).frames()).hasSize(framesEach));
                        }
                    } while (writing.get());
                    return rounds;
                }));
            }
            go.countDown();
            for (Future<?> f : writers) {
                f.get();
            }
            writing.set(false);
            for (Future<Integer> f : readers) {
                f.get(); // rethrows what a reader saw go wrong
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        assertThat(storage.list(TapeQuery.all().page(0, 500)).total()).isEqualTo(CONCURRENT_RECORDINGS);
        for (Tape sample : expected.values()) {
            Tape loaded = storage.load(sample.id());
            assertThat(loaded.frames()).as(sample.id().value()).isEqualTo(sample.frames());
            assertThat(loaded.correlations()).isEqualTo(sample.correlations());
            assertThat(loaded.metadata().status()).isEqualTo(TapeStatus.FINALIZED);
        }
    }

    // ---------------------------------------------------------------- big tapes

    @Test
    void millionFrameTapeStreamsInBoundedMemory() {
        requires(ProviderCapability.LIVE_APPEND);
        TapeId id = TapeId.of("million");
        JsonNode request = TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}");
        JsonNode response = TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}");
        try (TapeWriter w = storage.openWriter(new TapeHeader(id, "big", SampleTapes.EPOCH, "2025-06-18", null))) {
            for (int i = 0; i < BIG_TAPE_FRAMES; i++) {
                boolean even = i % 2 == 0;
                w.append(Frame.of(i, i / 10, even ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                        even ? request : response));
            }
        }
        long baseline = usedHeapAfterGc();
        long peak = 0;
        long count = 0;
        long lastSeq = -1;
        try (Stream<Frame> frames = storage.streamFrames(id)) {
            Iterator<Frame> it = frames.iterator();
            while (it.hasNext()) {
                Frame f = it.next();
                assertThat(f.seq()).isEqualTo(lastSeq + 1);
                lastSeq = f.seq();
                if (++count % 250_000 == 0) {
                    peak = Math.max(peak, usedHeapAfterGc() - baseline);
                }
            }
        }
        assertThat(count).isEqualTo(BIG_TAPE_FRAMES);
        assertThat(peak).as("heap held while streaming, bytes").isLessThan(64L << 20);
        TapeSummary s = find(storage.list(TapeQuery.all()), id);
        assertThat(s.frameCount()).isEqualTo(BIG_TAPE_FRAMES);
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    // ---------------------------------------------------------------- lifecycle

    @Test
    void closeFinishesOpenWritersAndReopenFindsEverything() throws Exception {
        requires(ProviderCapability.LIVE_APPEND);
        Tape saved = SampleTapes.tape(5, "saved", 50, 1);
        storage.save(saved);
        Tape live = SampleTapes.tape(6, "left-open", 20, 2);
        TapeWriter w = storage.openWriter(live.header());
        live.frames().forEach(w::append);
        storage.close();
        assertThatThrownBy(() -> storage.list(TapeQuery.all())).isInstanceOf(IllegalStateException.class);
        storage.close(); // idempotent
        TapeStorageBackend again = reopen();
        if (!persistsAcrossReopen()) {
            assertThat(again.list(TapeQuery.all()).total()).isZero();
            return;
        }
        assertThat(ids(again.list(TapeQuery.all()).items())).containsExactly("left-open", "saved");
        assertSameTape(again.load(saved.id()), saved);
        Tape reloaded = again.load(live.id());
        assertThat(reloaded.frames()).isEqualTo(live.frames());
        assertThat(reloaded.metadata().status()).isEqualTo(TapeStatus.FINALIZED);
        assertThat(again.health().healthy()).isTrue();
        assertThat(again.stats().tapeCount()).isEqualTo(2);
        assertThat(again.stats().frameCount()).isEqualTo(70);
    }

    @Test
    void deleteRemovesEveryTrace() {
        Tape t = SampleTapes.tape(11, "doomed", 10, 1);
        storage.save(t);
        storage.save(SampleTapes.tape(12, "kept", 10, 2));
        assertThat(storage.delete(t.id())).isTrue();
        assertThat(storage.exists(t.id())).isFalse();
        assertThatThrownBy(() -> storage.load(t.id())).isInstanceOf(TapeNotFoundException.class);
        assertThat(ids(storage.list(TapeQuery.all()).items())).containsExactly("kept");
        assertThat(storage.search(SearchQuery.parse("session:session-11")).total()).isZero();
        assertThat(storage.delete(t.id())).isFalse();
        assertThat(storage.stats().tapeCount()).isEqualTo(1);
        TapeWriter w = storage.openWriter(t.header());
        t.frames().forEach(w::append);
        w.finish(TapeStatus.FINALIZED);
        assertThat(storage.load(t.id()).frames()).isEqualTo(t.frames());
    }

    @Test
    void aTapeBeingRecordedIsNeitherReplacedNorDeleted() {
        requires(ProviderCapability.LIVE_APPEND);
        Tape busy = SampleTapes.tape(41, "busy", 10, 1);
        Tape other = SampleTapes.tape(42, "bystander", 5, 1);
        TapeWriter w = storage.openWriter(busy.header());
        w.append(busy.frames().get(0));
        assertThatThrownBy(() -> storage.save(busy)).isInstanceOf(StorageException.class)
                .hasMessageContaining("busy").hasMessageContaining("being recorded");
        assertThatThrownBy(() -> storage.saveAll(List.of(other, busy))).isInstanceOf(StorageException.class)
                .hasMessageContaining("being recorded");
        assertThatThrownBy(() -> storage.delete(busy.id())).isInstanceOf(StorageException.class)
                .hasMessageContaining("being recorded");
        w.append(busy.frames().get(1));
        w.finish(TapeStatus.FINALIZED);
        assertThat(storage.load(busy.id()).frames()).isEqualTo(busy.frames().subList(0, 2));
        storage.save(busy);
        assertSameTape(storage.load(busy.id()), busy);
        assertThat(storage.delete(busy.id())).isTrue();
    }

    @Test
    void saveAllSavesEveryTape() {
        List<Tape> tapes = List.of(SampleTapes.tape(51, "batch-a", 30, 1), SampleTapes.tape(52, "batch-b", 1, 2),
                SampleTapes.tape(53, "batch-c", 120, 3));
        storage.saveAll(tapes);
        storage.saveAll(List.of());
        for (Tape t : tapes) {
            assertSameTape(storage.load(t.id()), t);
        }
        assertThat(storage.list(TapeQuery.all()).total()).isEqualTo(3);
        Tape replaced = SampleTapes.tape(54, "batch-b", 7, 4);
        storage.saveAll(List.of(replaced));
        assertSameTape(storage.load(replaced.id()), replaced);
        assertThat(storage.stats().frameCount()).isEqualTo(30 + 7 + 120);
    }

    @Test
    void everyCallAfterCloseThrowsIllegalStateException() {
        requires(ProviderCapability.LIVE_APPEND);
        Tape t = SampleTapes.tape(61, "before-close", 5, 1);
        storage.save(t);
        Tape live = SampleTapes.tape(62, "open-at-close", 5, 1);
        TapeWriter w = storage.openWriter(live.header());
        w.append(live.frames().get(0));
        storage.close();
        Map<String, org.assertj.core.api.ThrowableAssert.ThrowingCallable> calls = new java.util.LinkedHashMap<>();
        calls.put("save", () -> storage.save(t));
        calls.put("saveAll", () -> storage.saveAll(List.of(t)));
        calls.put("load", () -> storage.load(t.id()));
        calls.put("header", () -> storage.header(t.id()));
        calls.put("streamFrames", () -> storage.streamFrames(t.id()).close());
        calls.put("streamCorrelations", () -> storage.streamCorrelations(t.id()).close());
        calls.put("openWriter", () -> storage.openWriter(SampleTapes.tape(63, "after-close", 1, 1).header()));
        calls.put("delete", () -> storage.delete(t.id()));
        calls.put("exists", () -> storage.exists(t.id()));
        calls.put("list", () -> storage.list(TapeQuery.all()));
        calls.put("search", () -> storage.search(SearchQuery.parse("before")));
        calls.put("stats", () -> storage.stats());
        calls.put("writer.append", () -> w.append(live.frames().get(1)));
        calls.put("writer.updateHeader", () -> w.updateHeader(live.header()));
        calls.forEach((name, call) -> assertThatThrownBy(call).as(name + " after close")
                .isInstanceOf(IllegalStateException.class));
        assertThat(storage.health().healthy()).as("health after close").isFalse();
        storage.close(); // idempotent
    }

    @Test
    void saveReplacesATapeWholly() {
        Tape first = SampleTapes.tape(21, "replaced", 40, 1);
        storage.save(first);
        Tape second = SampleTapes.tape(22, "replaced", 10, 3);
        storage.save(second);
        assertSameTape(storage.load(second.id()), second);
        assertThat(storage.list(TapeQuery.all()).total()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Appends a sample tape's frames through {@code writer}, each correlation right after its later frame,
     * calling {@code afterFrame} with each frame's seq.
     */
    protected static void record(TapeWriter writer, Tape sample, java.util.function.LongConsumer afterFrame) {
        Iterator<Correlation> corr = sample.correlations().iterator();
        Correlation next = corr.hasNext() ? corr.next() : null;
        for (Frame f : sample.frames()) {
            writer.append(f);
            while (next != null && Math.max(next.requestSeq(), next.responseSeq()) == f.seq()) {
                writer.append(next);
                next = corr.hasNext() ? corr.next() : null;
            }
            afterFrame.accept(f.seq());
        }
    }

    /** Asserts {@code actual} is {@code expected} as stored: everything but provider-specific counters. */
    protected static void assertSameTape(Tape actual, Tape expected) {
        assertThat(actual.frames()).isEqualTo(expected.frames());
        assertThat(actual.correlations()).isEqualTo(expected.correlations());
        assertSameHeader(actual.header(), expected);
    }

    /** Asserts a loaded header matches the saved tape's, with correct counters. */
    protected static void assertSameHeader(TapeHeader actual, Tape expected) {
        TapeHeader e = expected.header();
        assertThat(actual.id()).isEqualTo(e.id());
        assertThat(actual.sessionId()).isEqualTo(e.sessionId());
        assertThat(actual.createdAt()).isEqualTo(e.createdAt());
        assertThat(actual.protocolVersion()).isEqualTo(e.protocolVersion());
        TapeMetadata a = actual.metadata();
        TapeMetadata m = e.metadata();
        assertThat(a.name()).isEqualTo(m.name());
        assertThat(a.description()).isEqualTo(m.description());
        assertThat(a.tags()).isEqualTo(m.tags());
        assertThat(a.status()).isEqualTo(m.status());
        assertThat(a.transport()).isEqualTo(m.transport());
        assertThat(a.environment()).isEqualTo(m.environment());
        assertThat(a.finalizedAt()).isEqualTo(m.finalizedAt());
        assertCounters(a.stats(), expected);
    }

    private static void assertCounters(TapeStats s, Tape t) {
        assertThat(s.frameCount()).as("frame_count").isEqualTo(t.frames().size());
        long c2s = t.frames().stream().filter(f -> f.direction() == Direction.CLIENT_TO_SERVER).count();
        assertThat(s.clientToServer()).as("client_to_server").isEqualTo(c2s);
        assertThat(s.serverToClient()).as("server_to_client").isEqualTo(t.frames().size() - c2s);
        assertThat(s.errorCount()).as("error_count").isEqualTo(t.frames().stream().filter(f -> f.flags().isError()).count());
        assertThat(s.correlationCount()).as("correlation_count").isEqualTo(t.correlations().size());
        long duration = t.frames().stream().mapToLong(Frame::ts).max().orElse(0);
        assertThat(s.durationMs()).as("duration_ms").isEqualTo(duration);
        if (!t.frames().isEmpty()) {
            assertThat(s.lastSequence()).as("last_sequence").isEqualTo(t.frames().get(t.frames().size() - 1).seq());
        }
    }

    private static List<String> ids(List<TapeSummary> items) {
        return items.stream().map(s -> s.id().value()).collect(Collectors.toList());
    }

    private static TapeSummary find(Page<TapeSummary> page, TapeId id) {
        return page.items().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("tape " + id + " not listed"));
    }

    private static SearchHit only(Page<SearchHit> page) {
        assertThat(page.items()).hasSize(1);
        return page.items().get(0);
    }
}
