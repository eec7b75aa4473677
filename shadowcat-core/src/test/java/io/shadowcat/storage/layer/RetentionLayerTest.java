package io.shadowcat.storage.layer;

import static io.shadowcat.storage.layer.LayerTapes.lifecycle;
import static io.shadowcat.storage.layer.LayerTapes.open;
import static io.shadowcat.storage.layer.LayerTapes.tape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.TapeId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionLayerTest {

    private static final TapeId T = TapeId.of("t1");

    @TempDir
    Path dir;

    @Test
    void aComplianceLockRefusesDeleteReplaceAndBypass() {
        try (TapeStorageBackend s = open(dir, "retention_lock", "compliance", "retention_min_age", "7y")) {
            s.save(tape("t1", "p"));
            assertThatThrownBy(() -> s.delete(T)).isInstanceOf(RetentionLockedException.class)
                    .hasMessageContaining("compliance mode allows no override");
            assertThatThrownBy(() -> s.save(tape("t1", "shorter"))).isInstanceOf(RetentionLockedException.class)
                    .hasMessageContaining("cannot replace");
            assertThatThrownBy(() -> s.saveAll(List.of(tape("t1", "again")))).isInstanceOf(RetentionLockedException.class);
            assertThatThrownBy(() -> lifecycle(s).deleteBypassingRetention(T)).isInstanceOf(RetentionLockedException.class);
            assertThat(s.load(T).frames().get(0).message().get("params").asText()).isEqualTo("p");
            assertThat(lifecycle(s).state(T).locked()).isTrue();
        }
    }

    @Test
    void governanceAllowsTheBypassAndOldEnoughTapesGo() {
        try (TapeStorageBackend s = open(dir, "retention_lock", "governance", "retention_min_age", "30d")) {
            s.save(tape("t1", "p"));
            s.save(tape("old", "p", Instant.now().minus(Duration.ofDays(31))));
            assertThatThrownBy(() -> s.delete(T)).isInstanceOf(RetentionLockedException.class)
                    .hasMessageContaining("--bypass-retention");
            assertThat(lifecycle(s).deleteBypassingRetention(T)).isTrue();
            assertThat(s.exists(T)).isFalse();
            assertThat(s.delete(TapeId.of("old"))).isTrue();
        }
    }

    @Test
    void theStoredLockOutlivesSettingsThatLeaveItOut() {
        try (TapeStorageBackend s = open(dir, "retention_lock", "compliance", "retention_min_age", "1y")) {
            s.save(tape("t1", "p"));
        }
        try (TapeStorageBackend s = open(dir)) {
            assertThat(lifecycle(s).retentionLock()).contains(new RetentionLock(RetentionMode.COMPLIANCE,
                    Duration.ofDays(365)));
            assertThatThrownBy(() -> s.delete(T)).isInstanceOf(RetentionLockedException.class);
            // the lock's own record is neither listed nor reachable
            assertThat(s.list(TapeQuery.all()).total()).isEqualTo(1);
            assertThat(s.stats().tapeCount()).isEqualTo(1);
            assertThat(s.exists(RetentionBackend.POLICY_ID)).isFalse();
            assertThatThrownBy(() -> s.delete(RetentionBackend.POLICY_ID)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.load(RetentionBackend.POLICY_ID)).isInstanceOf(TapeNotFoundException.class);
        }
        // compliance cannot be lowered or lifted
        for (String[] weaker : new String[][] {{"retention_lock", "none"}, {"retention_lock", "governance",
                "retention_min_age", "1y"}, {"retention_lock", "compliance", "retention_min_age", "30d"}}) {
            assertThatThrownBy(() -> open(dir, weaker).close()).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("cannot be lifted or shortened");
        }
        try (TapeStorageBackend s = open(dir, "retention_lock", "compliance", "retention_min_age", "2y")) {
            assertThat(lifecycle(s).retentionLock().orElseThrow().minAge()).isEqualTo(Duration.ofDays(730));
        }
    }

    @Test
    void aGovernanceLockCanBeLifted() {
        open(dir, "retention_lock", "governance", "retention_min_age", "1y").close();
        try (TapeStorageBackend s = open(dir, "retention_lock", "none")) {
            assertThat(lifecycle(s).retentionLock()).isEmpty();
        }
        try (TapeStorageBackend s = open(dir)) {
            assertThat(lifecycle(s).retentionLock()).isEmpty();
        }
    }

    @Test
    void aHoldBlocksEveryDeletionUntilReleasedWhateverTheLockSays() {
        try (TapeStorageBackend s = open(dir, "retention_lock", "governance", "retention_min_age", "1ms")) {
            s.save(tape("t1", "p", Instant.now().minus(Duration.ofDays(1))));
            LegalHold h = lifecycle(s).hold(T, "case 42");
            assertThat(h.reason()).isEqualTo("case 42");
            assertThatThrownBy(() -> s.delete(T)).isInstanceOf(LegalHoldException.class)
                    .hasMessageContaining("tape release t1");
            assertThatThrownBy(() -> lifecycle(s).deleteBypassingRetention(T)).isInstanceOf(LegalHoldException.class);
            assertThatThrownBy(() -> s.save(tape("t1", "over"))).isInstanceOf(LegalHoldException.class);
            // held again: the first hold stays
            assertThat(lifecycle(s).hold(T, "other").reason()).isEqualTo("case 42");
            assertThat(lifecycle(s).holds()).containsOnlyKeys(T);
            // the hold's record is invisible to listings and searches
            assertThat(s.list(TapeQuery.all()).total()).isEqualTo(1);
            assertThat(s.search(SearchQuery.parse("case")).total()).isZero();
        }
        try (TapeStorageBackend s = open(dir)) {
            assertThat(lifecycle(s).state(T).hold().reason()).isEqualTo("case 42");
            assertThatThrownBy(() -> s.delete(T)).isInstanceOf(LegalHoldException.class);
            assertThat(lifecycle(s).release(T)).isTrue();
            assertThat(lifecycle(s).release(T)).isFalse();
            assertThat(s.delete(T)).isTrue();
        }
    }

    @Test
    void locksAndHoldsBindEveryViewOfTheStorageTheOperatorsToo() {
        try (TapeStorageBackend a = open(dir, "namespace", "team-a", "retention_lock", "governance",
                "retention_min_age", "1y")) {
            a.save(tape("locked", "p"));
            a.save(tape("held", "p", Instant.now().minus(Duration.ofDays(400))));
            LegalHold h = lifecycle(a).hold(TapeId.of("held"), "case 9");
            assertThat(h.tape()).isEqualTo(TapeId.of("held"));
            assertThat(lifecycle(a).holds()).containsOnlyKeys(TapeId.of("held"));
            assertThatThrownBy(() -> a.delete(TapeId.of("held"))).isInstanceOf(LegalHoldException.class)
                    .hasMessageContaining("tape held:");
            assertThatThrownBy(() -> a.delete(TapeId.of("locked"))).isInstanceOf(RetentionLockedException.class)
                    .hasMessageContaining("tape locked:");
        }
        // the operator's view (no namespace) sees the stored ids, and the same lock and hold
        try (TapeStorageBackend root = open(dir)) {
            TapeId held = TapeId.of("ns6-team-a-held");
            assertThat(lifecycle(root).retentionLock()).isPresent();
            assertThat(lifecycle(root).holds()).containsOnlyKeys(held);
            assertThatThrownBy(() -> root.delete(held)).isInstanceOf(LegalHoldException.class);
            assertThatThrownBy(() -> root.delete(TapeId.of("ns6-team-a-locked")))
                    .isInstanceOf(RetentionLockedException.class);
        }
        // another namespace: neither the tapes nor their holds are its, but the lock is the storage's
        try (TapeStorageBackend b = open(dir, "namespace", "team-b")) {
            assertThat(lifecycle(b).holds()).isEmpty();
            assertThat(lifecycle(b).retentionLock()).isPresent();
            assertThatThrownBy(() -> lifecycle(b).hold(TapeId.of("held"), "x")).isInstanceOf(TapeNotFoundException.class);
        }
    }

    @Test
    void holdingAMissingTapeSaysSo() {
        try (TapeStorageBackend s = open(dir)) {
            assertThatThrownBy(() -> lifecycle(s).hold(T, "r")).isInstanceOf(TapeNotFoundException.class);
            assertThat(lifecycle(s).holds()).isEmpty();
        }
    }

    @Test
    void manyThreadsHoldingAndReleasingAgreeOnOneHold() throws Exception {
        try (TapeStorageBackend s = open(dir)) {
            s.save(tape("t1", "p"));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<LegalHold>> holds = new java.util.ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    String reason = "r" + i;
                    holds.add(pool.submit(() -> lifecycle(s).hold(T, reason)));
                }
                java.util.Set<String> reasons = new java.util.HashSet<>();
                for (Future<LegalHold> f : holds) {
                    reasons.add(f.get().reason());
                }
                assertThat(reasons).hasSize(1);
            } finally {
                pool.shutdown();
            }
            assertThat(lifecycle(s).release(T)).isTrue();
            assertThat(lifecycle(s).holds()).isEmpty();
        }
    }

    @Test
    void providerExpiryIsRefusedWhileALockOrAHoldCouldBeBrokenByIt() {
        assertThatThrownBy(() -> open(dir, "retention_lock", "compliance", "retention_min_age", "1y",
                "retention_max_count", "1")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("retention_max_count").hasMessageContaining("would delete locked tapes");
        try (TapeStorageBackend s = open(dir)) {
            s.save(tape("t1", "p"));
            lifecycle(s).hold(T, "r");
        }
        assertThatThrownBy(() -> open(dir, "retention_max_count", "1")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("legal hold");
        try (TapeStorageBackend s = open(dir)) {
            lifecycle(s).release(T);
        }
        try (TapeStorageBackend s = open(dir, "retention_max_count", "5")) {
            s.save(tape("t2", "p"));
            assertThatThrownBy(() -> lifecycle(s).hold(T, "r")).isInstanceOf(StorageException.class)
                    .hasMessageContaining("retention_max_count");
        }
    }

    @Test
    void badSettingsNameTheKey() {
        assertThatThrownBy(() -> open(dir, "retention_lock", "forever", "retention_min_age", "1y"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("retention_lock");
        assertThatThrownBy(() -> open(dir, "retention_lock", "compliance"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("retention_min_age");
        assertThatThrownBy(() -> open(dir, "retention_min_age", "1y"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("needs retention_lock");
        assertThatThrownBy(() -> open(dir, "retention_lock", "governance", "retention_min_age", "soon"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("retention_min_age");
    }
}
