package io.shadowcat.storage.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStatus;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;

/** {@link TapeMigration} into destinations that delete tapes by themselves. */
class TapeMigrationTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();
    private static final int TAPES = 5;

    private static TapeStorageBackend memory(String... keyValues) {
        Map<String, String> s = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            s.put(keyValues[i], keyValues[i + 1]);
        }
        return REGISTRY.create("memory", StorageSettings.of("memory", s));
    }

    private static TapeStorageBackend filled() {
        TapeStorageBackend source = memory();
        for (int i = 0; i < TAPES; i++) {
            source.save(new Tape(new TapeHeader(TapeId.of("t" + i), "s" + i, Instant.parse("2026-01-01T00:00:00Z")
                    .plusSeconds(i), null, TapeMetadata.named("t" + i).withStatus(TapeStatus.FINALIZED)),
                    List.of(Frame.of(0, 0, Direction.CLIENT_TO_SERVER,
                            TapeJson.parse("{\"jsonrpc\":\"2.0\",\"method\":\"m" + i + "\",\"id\":1}"))), List.of()));
        }
        return source;
    }

    private static Set<String> ids(TapeStorageBackend s) {
        return s.list(TapeQuery.all()).items().stream().map(t -> t.id().value()).collect(Collectors.toSet());
    }

    @Test
    void deleteSourceNeverLosesATapeTheDestinationDroppedAfterCopyingIt() {
        // Keeps only the two tapes stored last, as a retention policy by count does.
        try (TapeStorageBackend source = filled(); TapeStorageBackend dest = memory("max_tapes", "2")) {
            TapeMigration.Result r = new TapeMigration(source, dest, true, null).run();
            Set<String> everywhere = new HashSet<>(ids(source));
            everywhere.addAll(ids(dest));
            assertThat(everywhere).hasSize(TAPES);
            assertThat(ids(dest)).hasSize(2);
            assertThat(ids(source)).hasSize(TAPES - 2).doesNotContainAnyElementsOf(ids(dest));
            assertThat(r.copied()).isEqualTo(TAPES);
            assertThat(r.deleted()).isEqualTo(2);
            assertThat(r.droppedByDestination()).isEqualTo(TAPES - 2);
            assertThat(r.complete()).isFalse();
            assertThat(r.problems()).hasSize(TAPES - 2)
                    .allSatisfy(p -> assertThat(p).contains("destination no longer holds the verified copy"));
        }
    }

    @Test
    void aCopyTheDestinationDeletesAtOnceIsReportedAsTheDestinationsAndTheSourceKept() {
        try (TapeStorageBackend source = filled(); TapeStorageBackend inner = memory()) {
            TapeStorageBackend dest = deletingOnFinish(inner);
            TapeMigration.Result r = new TapeMigration(source, dest, true, null).run();
            assertThat(r.failed()).isEqualTo(TAPES);
            assertThat(r.deleted()).isZero();
            assertThat(ids(source)).hasSize(TAPES);
            assertThat(r.problems()).hasSize(TAPES).allSatisfy(p -> assertThat(p)
                    .contains("disappeared from the destination").contains("source is kept")
                    .doesNotContain("from the source"));
        }
    }

    /** A destination whose every finished tape is deleted right away, as an over-eager retention would. */
    private static TapeStorageBackend deletingOnFinish(TapeStorageBackend inner) {
        return (TapeStorageBackend) Proxy.newProxyInstance(TapeMigrationTest.class.getClassLoader(),
                new Class<?>[] {TapeStorageBackend.class}, (proxy, method, args) -> {
                    Object result = invoke(inner, method, args);
                    if (!method.getName().equals("openWriter")) {
                        return result;
                    }
                    TapeWriter writer = (TapeWriter) result;
                    return Proxy.newProxyInstance(TapeMigrationTest.class.getClassLoader(),
                            new Class<?>[] {TapeWriter.class}, (p, m, a) -> {
                                Object out = invoke(writer, m, a);
                                if (m.getName().equals("finish")) {
                                    inner.delete(writer.id());
                                }
                                return out;
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
