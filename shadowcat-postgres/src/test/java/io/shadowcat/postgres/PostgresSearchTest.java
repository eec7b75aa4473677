package io.shadowcat.postgres;

import io.shadowcat.testkit.servers.PostgresServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.support.RecordLines;
import io.shadowcat.storage.support.TapeMetaJson;
import io.shadowcat.storage.support.TapeSearchMatcher;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.JsonLinesTapeWriter;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.testkit.SampleTapes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Search in SQL gives the shared matcher's answers (hits, order, scores, frame seqs), with the trigram indexes,
 * without them (a role that may not create {@code pg_trgm}), and on a schema migrated from version 1.
 */
class PostgresSearchTest {

    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static final List<String> QUERIES = List.of("weather", "zürich", "\"emoji 🎉\"", "日本", "sample",
            "weather zürich", "tools/call", "method:tools/call weather", "tool:get_forecast", "\"tab\tnew\"",
            "seed-1 weather", "tag:seed-2 quote", "100%", "a_b", "no-such-word", "Sample status:finalized",
            "session:session-7", "\"failed twice\"", "x", "status:finalized tag:seed-1", "status:error weather",
            "status:recording", "\"alpha\njsonrpc\"", "alpha bravo/ping", "\"level\nalpha\"");

    private static List<Tape> corpus() {
        List<Tape> tapes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            tapes.add(SampleTapes.tape(i, "t-" + i, 5 + i % 7, i));
        }
        Tape special = SampleTapes.tape(99, "special", 3, 40);
        List<Frame> frames = new ArrayList<>(special.frames());
        frames.add(Frame.of(3, 500, Direction.CLIENT_TO_SERVER, TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":1,"
                + "\"method\":\"tools/call\",\"params\":{\"name\":\"get_forecast\",\"arguments\":{\"note\":"
                + "\"failed twice, 100% sure, a_b\"}}}")));
        // two frames whose texts, put end to end, would hold "alpha\njsonrpc": no frame does, so no tape matches
        frames.add(Frame.of(4, 600, Direction.SERVER_TO_CLIENT, TapeJson.parse("{\"jsonrpc\":\"2.0\",\"method\":"
                + "\"notifications/message\",\"params\":{\"level\":\"alpha\"}}")));
        frames.add(Frame.of(5, 700, Direction.CLIENT_TO_SERVER, TapeJson.parse("{\"jsonrpc\":\"2.0\",\"id\":2,"
                + "\"method\":\"bravo/ping\"}")));
        tapes.add(new Tape(special.header(), frames, special.correlations()));
        return tapes;
    }

    // What the shared matcher answers over the tapes as the store reports them.
    private static Page<SearchHit> expected(TapeStorageBackend store, List<Tape> tapes, SearchQuery q) {
        Map<TapeId, Tape> byId = new HashMap<>();
        tapes.forEach(t -> byId.put(t.id(), t));
        List<TapeSummary> all = store.list(TapeQuery.all().page(0, 1000)).items();
        return new TapeSearchMatcher(q).scan(all, s -> byId.get(s.id()).metadata().description(),
                id -> byId.get(id).frames().stream());
    }

    private static void assertSameAnswers(TapeStorageBackend store, List<Tape> tapes) {
        int answered = 0;
        for (String text : QUERIES) {
            answered += store.search(SearchQuery.parse(text)).total() > 0 ? 1 : 0;
            for (int[] page : new int[][] {{0, 100}, {2, 3}}) {
                SearchQuery q = SearchQuery.parse(text, page[0], page[1]);
                Page<SearchHit> want = expected(store, tapes, q);
                Page<SearchHit> got = store.search(q);
                assertThat(got.total()).as(text).isEqualTo(want.total());
                assertThat(got.items()).as(text).extracting(h -> h.tape().id().value() + " " + h.score() + " "
                        + h.frameSeqs()).containsExactlyElementsOf(want.items().stream()
                        .map(h -> h.tape().id().value() + " " + h.score() + " " + h.frameSeqs()).toList());
            }
        }
        assertThat(answered).as("queries with hits").isGreaterThan(QUERIES.size() / 2);
    }

    private static TapeStorageBackend open(String url, String user, String password, String schema) {
        return new PostgresStorageProvider().create(StorageSettings.of("postgres", Map.of("url", url, "user", user,
                "password", password, "schema", schema)), OpenMode.CREATE);
    }

    private static Connection raw(String url) throws Exception {
        return DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
    }

    private static String meta(Connection c, String schema, String key) throws Exception {
        try (PreparedStatement p = c.prepareStatement("SELECT value FROM " + schema + ".shadowcat_meta WHERE key = ?")) {
            p.setString(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    @Test
    void indexedSearchGivesTheMatchersAnswers() throws Exception {
        List<Tape> tapes = corpus();
        try (TapeStorageBackend store = open(server.url(), PostgresServer.USER, PostgresServer.PASSWORD, "indexed")) {
            store.saveAll(tapes);
            assertSameAnswers(store, tapes);
            assertThat(store.health().detail()).contains("indexed (pg_trgm)");
            assertThat(store.search(SearchQuery.parse("\"alpha\njsonrpc\"")).total()).as("across two frames").isZero();
            assertThat(store.search(SearchQuery.parse("\"level\nalpha\"")).items()).singleElement()
                    .satisfies(h -> assertThat(h.frameSeqs()).containsExactly(4L));
        }
        try (Connection c = raw(server.url()); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT count(*) FROM pg_indexes WHERE schemaname = 'indexed'"
                     + " AND indexname IN ('frame_text_grams', 'tapes_text_trgm')")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(2);
            assertThat(meta(c, "indexed", Schema.TEXT_INDEX)).isEqualTo("trigram");
        }
    }

    @Test
    void aRoleThatMayNotCreatePgTrgmSearchesUnindexedUntilItIsThere() throws Exception {
        String db = server.url().replace("/postgres", "/plain");
        try (Connection c = raw(server.url()); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE plain LOGIN PASSWORD 'plain-pw'");
            st.execute("CREATE DATABASE plain");
        }
        try (Connection c = raw(db); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA tapes AUTHORIZATION plain"); // its own schema, no CREATE on the database
        }
        List<Tape> tapes = corpus();
        try (TapeStorageBackend store = open(db, "plain", "plain-pw", "tapes")) {
            store.saveAll(tapes);
            assertThat(store.health().detail()).contains("unindexed");
            assertSameAnswers(store, tapes);
        }
        try (Connection c = raw(db); Statement st = c.createStatement()) {
            assertThat(meta(c, "tapes", Schema.TEXT_INDEX)).isEqualTo("none");
            st.execute("CREATE EXTENSION pg_trgm"); // the owner adds it: the next open indexes
        }
        try (TapeStorageBackend store = open(db, "plain", "plain-pw", "tapes")) {
            assertThat(store.health().detail()).contains("indexed (pg_trgm)");
            assertSameAnswers(store, tapes);
        }
    }

    @Test
    void aVersion1SchemaIsMigratedStepByStepAndItsTapesBecomeSearchable() throws Exception {
        List<Tape> tapes = new ArrayList<>(corpus().subList(0, 8));
        tapes.add(SampleTapes.tape(7, "long", 300, 8)); // more frames than one frame_text row holds
        PostgresSettings settings = PostgresSettings.from(PostgresConformanceTest.settings(server, "old"), k -> null);
        try (Connection c = raw(server.url())) {
            Schema.prepare(c, settings, OpenMode.CREATE, 1);
            for (Tape t : tapes) { // the rows as version 1 wrote them: no message, no direction
                RecordLines lines = new RecordLines();
                JsonLinesTapeWriter.writeTape(t, lines);
                List<String> all = lines.take();
                long key;
                try (PreparedStatement p = c.prepareStatement("INSERT INTO old.tapes (id, session_id, status,"
                        + " created_ms, frame_count, size_bytes, line_count, meta) VALUES (?, ?, 'finalized', ?, ?, ?,"
                        + " ?, ?) RETURNING tape_key")) {
                    p.setString(1, t.id().value());
                    p.setString(2, t.header().sessionId());
                    p.setLong(3, t.header().createdAt().toEpochMilli());
                    p.setLong(4, t.frames().size());
                    p.setLong(5, lines.bytes());
                    p.setInt(6, all.size());
                    p.setString(7, new String(TapeMetaJson.toBytes(t.header()), StandardCharsets.UTF_8));
                    try (ResultSet r = p.executeQuery()) {
                        r.next();
                        key = r.getLong(1);
                    }
                }
                for (int n = 0; n < all.size(); n++) {
                    boolean frame = TapeJson.parse(all.get(n)).path("type").asText().equals("frame");
                    try (PreparedStatement p = c.prepareStatement(frame
                            ? "INSERT INTO old.frames (tape_key, n, seq, ts, direction, message, line) VALUES (?, ?,"
                            + " ?, 0, '', NULL, ?)" : "INSERT INTO old.records (tape_key, n, kind, line) VALUES (?, ?,"
                            + " ?, ?)")) {
                        p.setLong(1, key);
                        p.setInt(2, n);
                        if (frame) {
                            p.setLong(3, TapeJson.parse(all.get(n)).path("seq").asLong());
                        } else {
                            p.setString(3, TapeJson.parse(all.get(n)).path("type").asText());
                        }
                        p.setString(4, all.get(n));
                        p.executeUpdate();
                    }
                }
            }
            assertThat(meta(c, "old", "version")).isEqualTo("1");
        }
        try (TapeStorageBackend store = open(server.url(), PostgresServer.USER, PostgresServer.PASSWORD, "old")) {
            for (Tape t : tapes) {
                assertThat(store.load(t.id()).frames()).isEqualTo(t.frames());
            }
            assertSameAnswers(store, tapes);
        }
        try (Connection c = raw(server.url()); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT count(*) FILTER (WHERE message IS NULL OR direction = ''),"
                     + " count(*) FILTER (WHERE message->>'jsonrpc' = '2.0') FROM old.frames")) {
            assertThat(meta(c, "old", "version")).isEqualTo(String.valueOf(Schema.CURRENT_VERSION));
            r.next();
            assertThat(r.getInt(1)).as("frames left without message or direction").isZero();
            assertThat(r.getInt(2)).isEqualTo(tapes.stream().mapToInt(t -> t.frames().size()).sum());
        }
        // version 3: every frame's text moved to frame_text, in runs of at most 256 frames; none left in frames
        try (Connection c = raw(server.url()); Statement st = c.createStatement()) {
            try (ResultSet r = st.executeQuery("SELECT count(*), sum(cardinality(seqs)), max(cardinality(seqs)),"
                    + " count(*) FILTER (WHERE t.id = 'long') FROM old.frame_text b JOIN old.tapes t USING (tape_key)")) {
                r.next();
                assertThat(r.getInt(2)).isEqualTo(tapes.stream().mapToInt(t -> t.frames().size()).sum());
                assertThat(r.getInt(3)).isEqualTo(FrameText.MAX_FRAMES);
                assertThat(r.getInt(4)).isEqualTo(2);
                assertThat(r.getInt(1)).isEqualTo(tapes.size() + 1);
            }
            try (ResultSet r = st.executeQuery("SELECT count(*) FROM information_schema.columns WHERE table_schema ="
                    + " 'old' AND table_name = 'frames' AND column_name = 'text_folded'")) {
                r.next();
                assertThat(r.getInt(1)).isZero();
            }
            try (ResultSet r = st.executeQuery("SELECT indexname FROM pg_indexes WHERE schemaname = 'old' AND"
                    + " indexname LIKE '%text%' AND indexname NOT LIKE '%pkey' ORDER BY 1")) {
                List<String> names = new ArrayList<>();
                while (r.next()) {
                    names.add(r.getString(1));
                }
                assertThat(names).containsExactly("frame_text_grams", "tapes_text_trgm");
            }
        }
    }
}
