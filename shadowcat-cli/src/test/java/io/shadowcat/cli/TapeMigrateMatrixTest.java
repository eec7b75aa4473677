package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.migrate.TapeDigest;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Tape;
import io.shadowcat.testkit.SampleTapes;
import io.shadowcat.testkit.servers.PostgresServer;
import io.shadowcat.testkit.servers.RedisServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code shadowcat tape migrate} between every ordered pair of the providers in {@link #KINDS} (local ones on
 * disk, server ones against real servers started here), each copy checked by content hash
 * ({@link TapeDigest}) against its source. A new provider joins the matrix with one more {@link Kind}.
 */
class TapeMigrateMatrixTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();
    private static final int TAPES = 5;

    private static PostgresServer postgres;
    private static RedisServer redis;

    /** One kind of storage: its provider and the settings of a new, empty store called {@code name}. */
    record Kind(String provider, BiFunction<Path, String, Map<String, String>> settings) {
        @Override
        public String toString() {
            return provider;
        }
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("filesystem", (dir, name) -> Map.of("path", dir.resolve(name).toString())),
            new Kind("sqlite", (dir, name) -> Map.of("path", dir.resolve(name + ".db").toString())),
            new Kind("postgres", (dir, name) -> Map.of("url", postgres.url(), "user", PostgresServer.USER,
                    "password", PostgresServer.PASSWORD, "schema", name)),
            new Kind("redis", (dir, name) -> Map.of("url", redis.url(), "prefix", name + ":")));

    @TempDir
    Path cwd;

    @BeforeAll
    static void startServers() throws Exception {
        postgres = PostgresServer.start();
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        postgres.close();
        redis.close();
    }

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (Kind from : KINDS) {
            for (Kind to : KINDS) {
                if (from != to) {
                    pairs.add(Arguments.of(from, to));
                }
            }
        }
        return pairs.stream();
    }

    // PROVIDER:key=value,... with commas and backslashes in values escaped, as StorageSpec reads it.
    private static String spec(String provider, Map<String, String> settings) {
        return provider + ":" + new LinkedHashMap<>(settings).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().replace("\\", "\\\\").replace(",", "\\,"))
                .collect(Collectors.joining(","));
    }

    private static TapeStorageBackend open(String provider, Map<String, String> settings) {
        return REGISTRY.create(provider, StorageSettings.of(provider, settings));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void migratesEveryTapeVerifiedByContentHash(Kind from, Kind to) {
        String name = "m_" + from.provider() + "_to_" + to.provider();
        Map<String, String> source = from.settings().apply(cwd, name + "_src");
        Map<String, String> target = to.settings().apply(cwd, name + "_dst");
        List<Tape> tapes = new ArrayList<>();
        try (TapeStorageBackend src = open(from.provider(), source)) {
            for (int i = 0; i < TAPES; i++) {
                Tape t = SampleTapes.tape(i, "tape-" + i, 10 + 7 * i, i);
                src.save(t);
                tapes.add(t);
            }
            Tape live = SampleTapes.tape(77, "recorded-live", 60, 30); // as a recording writes it, batch by batch
            try (TapeWriter w = src.openWriter(live.header())) {
                live.frames().forEach(w::append);
                live.correlations().forEach(w::append);
            }
            tapes.add(live);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>(Map.of("HOME", cwd.toString()));
        picocli.CommandLine cli = ShadowcatCommand.commandLine(env, cwd, REGISTRY);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("tape", "migrate", "--from", spec(from.provider(), source), "--to",
                spec(to.provider(), target));
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains(tapes.size() + " copied, 0 already identical, 0 conflicts, 0 failed");
        try (TapeStorageBackend src = open(from.provider(), source); TapeStorageBackend dst = open(to.provider(), target)) {
            assertThat(dst.list(TapeQuery.all()).total()).isEqualTo(tapes.size());
            for (Tape t : tapes) {
                assertThat(TapeDigest.of(dst, t.id())).as(t.id().value()).isEqualTo(TapeDigest.of(src, t.id()));
                assertThat(dst.load(t.id()).frames()).isEqualTo(t.frames());
            }
        }
    }
}
