package io.shadowcat.storage.layer;

import static io.shadowcat.storage.layer.LayerTapes.open;
import static io.shadowcat.storage.layer.LayerTapes.tape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceLayerTest {

    @TempDir
    Path dir;

    @Test
    void twoNamespacesHoldTheSameIdAndNeitherSeesTheOther() {
        try (TapeStorageBackend a = open(dir, "namespace", "team-a"); TapeStorageBackend b = open(dir, "namespace", "team-b")) {
            a.save(tape("t1", "secret of a"));
            b.save(tape("t1", "secret of b"));
            a.save(tape("only-a", "x"));

            assertThat(a.load(TapeId.of("t1")).frames().get(0).message().get("params").asText()).isEqualTo("secret of a");
            assertThat(b.load(TapeId.of("t1")).frames().get(0).message().get("params").asText()).isEqualTo("secret of b");
            assertThat(a.list(TapeQuery.all()).items()).extracting(TapeSummary::id)
                    .containsExactlyInAnyOrder(TapeId.of("t1"), TapeId.of("only-a"));
            assertThat(b.list(TapeQuery.all()).total()).isEqualTo(1);
            assertThat(b.exists(TapeId.of("only-a"))).isFalse();
            assertThatThrownBy(() -> b.load(TapeId.of("only-a"))).isInstanceOf(TapeNotFoundException.class)
                    .hasMessageContaining("only-a").hasMessageNotContaining("team-a");
            assertThatThrownBy(() -> b.header(TapeId.of("only-a"))).isInstanceOf(TapeNotFoundException.class);
            assertThatThrownBy(() -> b.streamFrames(TapeId.of("only-a")).count()).isInstanceOf(TapeNotFoundException.class);
            assertThat(b.search(SearchQuery.parse("secret")).items()).extracting(h -> h.tape().id())
                    .containsExactly(TapeId.of("t1"));
            assertThat(b.search(SearchQuery.parse("\"secret of a\"")).total()).isZero();
            // the namespace's own name is not text of its tapes
            assertThat(b.search(SearchQuery.parse("team")).total()).isZero();
            assertThat(b.search(SearchQuery.parse("namespace")).total()).isZero();
            assertThat(b.delete(TapeId.of("only-a"))).isFalse();
            assertThat(a.exists(TapeId.of("only-a"))).isTrue();
            assertThat(b.stats().tapeCount()).isEqualTo(1);
        }
    }

    @Test
    void theNamespaceTagAndPrefixNeverReachTheUser() {
        try (TapeStorageBackend a = open(dir, "namespace", "team-a")) {
            TapeWriter w = a.openWriter(TapeHeader.start(TapeId.of("live"), "s", "live one"));
            assertThat(w.id()).isEqualTo(TapeId.of("live"));
            TapeSummary done = w.finish(TapeStatus.FINALIZED);
            assertThat(done.id()).isEqualTo(TapeId.of("live"));
            assertThat(done.tags()).isEmpty();
            assertThat(a.header(TapeId.of("live")).metadata().tags()).isEmpty();
            assertThat(a.list(TapeQuery.all()).items().get(0).tags()).isEmpty();
        }
        // the operator's view (no namespace) sees the stored id and tag
        try (TapeStorageBackend root = open(dir)) {
            TapeSummary s = root.list(TapeQuery.all()).items().get(0);
            assertThat(s.id().value()).isEqualTo("ns6-team-a-live");
            assertThat(s.tags()).containsExactly("\uF8F0" + "team-a".chars().mapToObj(c -> String.valueOf((char) (0xE000 + c)))
                    .collect(java.util.stream.Collectors.joining()));
        }
    }

    @Test
    void namespacesWhoseNamesRunIntoEachOtherStayApart() {
        try (TapeStorageBackend a = open(dir, "namespace", "a"); TapeStorageBackend ab = open(dir, "namespace", "a-b")) {
            a.save(tape("b-x", "1"));
            ab.save(tape("x", "2"));
            assertThat(a.list(TapeQuery.all()).total()).isEqualTo(1);
            assertThat(ab.list(TapeQuery.all()).total()).isEqualTo(1);
            assertThat(ab.exists(TapeId.of("b-x"))).isFalse();
            assertThat(a.exists(TapeId.of("x"))).isFalse();
        }
    }

    @Test
    void aBadNameIsRefusedBeforeAnythingOpens() {
        assertThatThrownBy(() -> open(dir, "namespace", "team/a")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("namespace").hasMessageContaining("team-payments");
        assertThatThrownBy(() -> open(dir, "namespace", "x".repeat(65))).isInstanceOf(InvalidConfigException.class);
        assertThat(dir.resolve("tapes")).doesNotExist();
    }

    @Test
    void anIdOfFullLengthStillWorksInANamespace() {
        TapeId longId = TapeId.of("x".repeat(128));
        try (TapeStorageBackend a = open(dir, "namespace", "team-a"); TapeStorageBackend b = open(dir, "namespace", "team-b")) {
            a.save(tape(longId.value(), "p"));
            assertThat(a.exists(longId)).isTrue();
            assertThat(b.exists(longId)).isFalse();
            assertThat(a.load(longId).id()).isEqualTo(longId);
            assertThat(a.list(TapeQuery.all()).items()).extracting(TapeSummary::id).containsExactly(longId);
            assertThat(a.list(TapeQuery.all()).items().get(0).tags()).isEmpty();
            assertThat(a.delete(longId)).isTrue();
            assertThat(a.list(TapeQuery.all()).total()).isZero();
        }
    }
}
