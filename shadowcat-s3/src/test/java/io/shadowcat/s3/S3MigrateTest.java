package io.shadowcat.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.migrate.TapeDigest;
import io.shadowcat.storage.migrate.TapeMigration;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Tape;
import io.shadowcat.testkit.SampleTapes;
import io.shadowcat.testkit.servers.PostgresServer;
import io.shadowcat.testkit.servers.RedisServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The s3 row and column of the migration matrix (shadowcat-cli's {@code TapeMigrateMatrixTest} covers the
 * other providers' pairs; S3Proxy runs from this module's test class path only): every tape, saved whole
 * and recorded live, migrates from s3 to filesystem, sqlite, postgres and redis and back, each copy checked
 * by content hash ({@link TapeDigest}) and frame by frame.
 */
class S3MigrateTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();
    private static final int TAPES = 4;

    private static S3ProxyServer s3;
    private static PostgresServer postgres;
    private static RedisServer redis;

    /** One kind of storage: its provider and the settings of a new, empty store called {@code name}. */
    record Kind(String provider, BiFunction<Path, String, Map<String, String>> settings) {
        @Override
        public String toString() {
            return provider;
        }
    }

    private static final Kind S3 = new Kind("s3", (dir, name) -> s3.settings(name + "/"));
    private static final List<Kind> OTHERS = List.of(
            new Kind("filesystem", (dir, name) -> Map.of("path", dir.resolve(name).toString())),
            new Kind("sqlite", (dir, name) -> Map.of("path", dir.resolve(name + ".db").toString())),
            new Kind("postgres", (dir, name) -> Map.of("url", postgres.url(), "user", PostgresServer.USER,
                    "password", PostgresServer.PASSWORD, "schema", name)),
            new Kind("redis", (dir, name) -> Map.of("url", redis.url(), "prefix", name + ":")));

    @TempDir
    Path dir;

    @BeforeAll
    static void startServers() throws Exception {
        s3 = S3ProxyServer.start();
        postgres = PostgresServer.start();
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        s3.close();
        postgres.close();
        redis.close();
    }

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (Kind other : OTHERS) {
            pairs.add(Arguments.of(S3, other));
            pairs.add(Arguments.of(other, S3));
        }
        return pairs.stream();
    }

    private static TapeStorageBackend open(Kind kind, Map<String, String> settings) {
        return REGISTRY.create(kind.provider(), StorageSettings.of(kind.provider(), settings));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("pairs")
    void migratesEveryTapeVerifiedByContentHash(Kind from, Kind to) {
        String name = "m_" + from.provider() + "_to_" + to.provider();
        Map<String, String> source = from.settings().apply(dir, name + "_src");
        Map<String, String> target = to.settings().apply(dir, name + "_dst");
        List<Tape> tapes = new ArrayList<>();
        try (TapeStorageBackend src = open(from, source)) {
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
        try (TapeStorageBackend src = open(from, source); TapeStorageBackend dst = open(to, target)) {
            TapeMigration.Result result = new TapeMigration(src, dst, false, null).run();
            assertThat(result.copied()).as(result.toString()).isEqualTo(tapes.size());
            assertThat(result.complete()).as(result.toString()).isTrue();
            assertThat(dst.list(TapeQuery.all()).total()).isEqualTo(tapes.size());
            for (Tape t : tapes) {
                assertThat(TapeDigest.of(dst, t.id())).as(t.id().value()).isEqualTo(TapeDigest.of(src, t.id()));
                assertThat(dst.load(t.id()).frames()).isEqualTo(t.frames());
            }
        }
    }
}
