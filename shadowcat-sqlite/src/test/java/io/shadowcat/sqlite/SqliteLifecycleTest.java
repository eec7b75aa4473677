package io.shadowcat.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.LegalHoldException;
import io.shadowcat.storage.layer.RetentionLockedException;
import io.shadowcat.storage.layer.StorageLayers;
import io.shadowcat.storage.layer.TapeLifecycle;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.TapeId;
import io.shadowcat.testkit.SampleTapes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Legal holds, the retention lock and namespaces kept in a sqlite database, through the registry's layers. */
class SqliteLifecycleTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @TempDir
    Path dir;

    private TapeStorageBackend open(String... keyValues) {
        Map<String, String> s = new LinkedHashMap<>(Map.of("path", dir.resolve("tapes.db").toString()));
        for (int i = 0; i < keyValues.length; i += 2) {
            s.put(keyValues[i], keyValues[i + 1]);
        }
        return REGISTRY.create("sqlite", StorageSettings.of("sqlite", s));
    }

    @Test
    void holdsAndTheLockLiveInTheDatabaseAndStayOutOfListingsAndSearches() {
        TapeId held = TapeId.of("held");
        TapeId locked = TapeId.of("locked");
        try (TapeStorageBackend s = open("retention_lock", "compliance", "retention_min_age", "7y",
                "namespace", "team-a")) {
            s.save(SampleTapes.tape(1, "held", 5, 1));
            s.save(SampleTapes.tape(2, "locked", 5, 2));
            StorageLayers.find(s, TapeLifecycle.class).orElseThrow().hold(held, "weather case");
        }
        try (TapeStorageBackend s = open("namespace", "team-a")) {
            TapeLifecycle lifecycle = StorageLayers.find(s, TapeLifecycle.class).orElseThrow();
            assertThat(lifecycle.holds()).containsOnlyKeys(held);
            assertThatThrownBy(() -> s.delete(held)).isInstanceOf(LegalHoldException.class);
            assertThatThrownBy(() -> s.delete(locked)).isInstanceOf(RetentionLockedException.class);
            assertThat(s.list(TapeQuery.all()).total()).isEqualTo(2);
            assertThat(s.search(SearchQuery.parse("case")).total()).isZero();
            assertThat(lifecycle.release(held)).isTrue();
            assertThatThrownBy(() -> s.delete(held)).isInstanceOf(RetentionLockedException.class);
        }
        // another namespace of the same database has neither the tapes nor their hold
        try (TapeStorageBackend s = open("namespace", "team-b")) {
            assertThat(s.list(TapeQuery.all()).total()).isZero();
            assertThat(s.exists(held)).isFalse();
        }
    }
}
