package io.shadowcat.sqlite;

import static io.shadowcat.sqlite.TestTapes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqliteSearchTest {

    @TempDir
    static Path dir;
    static SqliteTapeStore store;

    @BeforeAll
    static void fill() {
        store = TestTapes.open(dir.resolve("search.db"));
        store.save(TestTapes.tape("weather", "Weather checks", T0, List.of(
                call(0, 1, "get_forecast", "city", "Zürich"),
                result(1, 1, "Sunny in Zürich, tool call failed once"),
                call(2, 2, "get_alerts", "region", "alps"),
                result(3, 2, "no alerts")), "prod", "eu"));
        store.save(TestTapes.tape("files", "File browsing", T0.plusSeconds(60), List.of(
                request(0, 1, "resources/read", "{\"uri\":\"file:///tmp/report.txt\"}"),
                result(1, 1, "quarterly report: tool call failed twice"),
                request(2, 2, "resources/list", "{}")), "dev"));
        store.save(TestTapes.tape("mixed", "Forecast archive", T0.plusSeconds(120), List.of(
                call(0, 1, "get_forecast", "city", "Oslo"),
                result(1, 1, "rain"),
                request(2, 2, "tools/list", "{}"),
                TestTapes.frame(3, Direction.SERVER_TO_CLIENT,
                        "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[{\"name\":\"get_forecast\"},{\"name\":\"summarize\"}]}}")),
                "prod"));
        TapeHeader live = TestTapes.header("live", "Live one", T0.plusSeconds(180), "dev");
        store.save(new Tape(live.withMetadata(live.metadata().withStatus(TapeStatus.RECORDING)), List.of(
                call(0, 1, "summarize", "text", "the weather was fine")), List.of()));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static Frame call(long seq, int id, String tool, String key, String value) {
        return TestTapes.frame(seq, Direction.CLIENT_TO_SERVER, "{\"jsonrpc\":\"2.0\",\"id\":" + id
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":{\"" + key
                + "\":\"" + value + "\"}}}");
    }

    private static Frame request(long seq, int id, String method, String params) {
        return TestTapes.frame(seq, Direction.CLIENT_TO_SERVER, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\""
                + method + "\",\"params\":" + params + "}");
    }

    private static Frame result(long seq, int id, String text) {
        return TestTapes.frame(seq, Direction.SERVER_TO_CLIENT, "{\"jsonrpc\":\"2.0\",\"id\":" + id
                + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}}");
    }

    private static List<String> ids(String query) {
        return store.search(SearchQuery.parse(query)).items().stream().map(h -> h.tape().id().value()).toList();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "'\"tool call failed\"'               | files weather",
        "'\"call failed twice\"'              | files",
        "'\"failed once\" sunny'              | weather",
        "zürich                               | weather",
        "ZÜRICH alps                          | weather",
        "weather                              | live weather",
        "forecast                             | mixed weather",
        "'\"forecast archive\"'               | mixed",
        "get_forecast rain                    | mixed",
        "summarize                            | live mixed",
        "'tool:get_forecast'                  | mixed weather",
        "'tool:summarize'                     | live",
        "'method:resources/read'              | files",
        "'method:tools/list forecast'         | mixed",
        "'tag:prod'                           | mixed weather",
        "'tag:prod tag:eu'                    | weather",
        "'tag:dev report'                     | files",
        "'session:session-files'              | files",
        "'status:recording'                   | live",
        "'status:finalized tag:dev'           | files",
        "'after:2026-01-15T10:01:00Z'         | files live mixed",
        "'before:2026-01-15T10:01:00Z'        | weather",
        "'after:2026-01-15T10:01:00Z before:2026-01-15T10:02:00Z' | files",
        "'report.txt'                         | files",
        "'file:///tmp'                        | files",
        "quarterly                            | files",
        "uart                                 | files",
        "nothing-like-this                    | ''",
        "'weather nothing-like-this'          | ''",
        "'\"tool call\" \"failed twice\"'     | files",
        "'jsonrpc tool:summarize'             | live",
    })
    void findsExactlyTheTapesThatMatch(String query, String expected) {
        List<String> want = expected.isBlank() ? List.of() : List.of(expected.trim().split(" "));
        assertThat(ids(query)).containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void wordsMayOccurInDifferentFramesOrInTheTapeName() {
        // "sunny" is in a result frame, "alps" in a call, "checks" only in the tape name
        assertThat(ids("sunny alps checks")).containsExactly("weather");
    }

    @Test
    void shortItemsAreMatchedAsSubstringsToo() {
        assertThat(ids("Os")).containsExactly("mixed");
        assertThat(ids("Os rain")).containsExactly("mixed");
        assertThat(ids("'")).isEmpty();
        assertThat(ids("ü alps")).containsExactly("weather");
        Page<SearchHit> page = store.search(SearchQuery.parse("Os"));
        assertThat(page.total()).isEqualTo(1);
        assertThat(page.items().get(0).frameSeqs()).containsExactly(0L);
    }

    @Test
    void queryTextNeverReachesFts5AsSyntax() {
        for (String q : List.of("AND", "OR NOT", "NEAR(a b)", "a* b^", "\"(\"", "col:val", "Tool:x", "{body}: x",
                "- + ", "\"\"\"")) {
            // each parses and runs: no FTS5 syntax error escapes
            try {
                store.search(SearchQuery.parse(q));
            } catch (IllegalArgumentException parseError) {
                assertThat(parseError.getMessage()).doesNotContain("fts5");
            }
        }
        assertThat(ids("NEAR(a")).isEmpty();
    }

    @Test
    void ranksTapesWithTheirBestMatchesFirstAndReportsMatchingFrames() {
        Page<SearchHit> page = store.search(SearchQuery.parse("\"tool call failed\""));
        assertThat(page.total()).isEqualTo(2);
        for (SearchHit hit : page.items()) {
            assertThat(hit.score()).isPositive();
            assertThat(hit.frameSeqs()).containsExactly(1L);
        }
        assertThat(page.items().get(0).score()).isGreaterThanOrEqualTo(page.items().get(1).score());

        // a name match weighs more than a match in message text
        List<SearchHit> forecast = store.search(SearchQuery.parse("forecast")).items();
        assertThat(forecast.get(0).tape().id().value()).isEqualTo("mixed");
        assertThat(forecast.get(0).frameSeqs()).containsExactly(0L, 3L);
    }

    @Test
    void pagesThroughHitsWithATotal() {
        String q = "tag:prod";
        Page<SearchHit> first = store.search(SearchQuery.parse(q, 0, 1));
        Page<SearchHit> second = store.search(SearchQuery.parse(q, 1, 1));
        Page<SearchHit> past = store.search(SearchQuery.parse(q, 5, 1));
        assertThat(first.total()).isEqualTo(2);
        assertThat(second.total()).isEqualTo(2);
        assertThat(past.total()).isEqualTo(2);
        assertThat(past.items()).isEmpty();
        assertThat(List.of(first.items().get(0).tape().id().value(), second.items().get(0).tape().id().value()))
                .containsExactly("mixed", "weather"); // filters only: newest first
        Page<SearchHit> text = store.search(SearchQuery.parse("forecast", 1, 5));
        assertThat(text.total()).isEqualTo(2);
        assertThat(text.items()).hasSize(1);
        Page<SearchHit> textPast = store.search(SearchQuery.parse("forecast", 7, 5));
        assertThat(textPast.total()).isEqualTo(2);
    }

    @Test
    void emptyQueryListsEveryTapeNewestFirst() {
        assertThat(ids("")).containsExactly("live", "mixed", "files", "weather");
    }

    @Test
    void updatedDescriptionIsSearchable() {
        TapeHeader h = TestTapes.header("renamed", "before rename", T0.plusSeconds(500));
        try (var w = store.openWriter(h)) {
            w.append(call(0, 1, "x", "k", "v"));
            TapeMetadata m = h.metadata();
            w.updateHeader(h.withMetadata(new TapeMetadata("after rename", "now described as kumquat", List.of("fresh"),
                    m.status(), m.transport(), m.environment(), m.stats(), null, null)));
        }
        try {
            assertThat(ids("kumquat")).containsExactly("renamed");
            assertThat(ids("\"after rename\" tag:fresh")).containsExactly("renamed");
            assertThat(ids("\"before rename\"")).isEmpty();
        } finally {
            store.delete(io.shadowcat.tape.TapeId.of("renamed"));
        }
    }
}
