package io.ectar.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexJsonTest {

    private static final ArchiveParameters PARAMS = new ArchiveParameters(3, 5, 1 << 20, "zstd", 3, "zfec", "directory");

    private static byte[] write(List<IndexEntry> entries, List<ChunkRecord> chunks) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (IndexJson.Writer w = new IndexJson.Writer(out, "ectar test", Instant.parse("2026-01-02T03:04:05Z"), PARAMS)) {
            for (IndexEntry e : entries) {
                w.entry(e);
            }
            w.finish(chunks);
        }
        return out.toByteArray();
    }

    @Test
    void roundTripsEveryField() throws Exception {
        IndexEntry file = new IndexEntry("data/caf\u00e9\n\"x\".txt", EntryType.FILE, 12, 0644,
                Instant.parse("2090-01-02T03:04:05.123456789Z"), 1000, 1000, "me", "us", null, "ab".repeat(32), 1, 1024);
        IndexEntry link = new IndexEntry("data/l", EntryType.SYMLINK, 0, 0777, Instant.parse("1985-06-15T00:00:00Z"),
                0, 0, null, null, "/abs/target", null, 2, 4096);
        ChunkRecord c1 = new ChunkRecord(1, 100, "cd".repeat(32), 0, 2048, 36,
                Arrays.asList("01".repeat(32), null, "03".repeat(32), "04".repeat(32), "05".repeat(32)));
        ChunkRecord c2 = new ChunkRecord(2, 50, "ef".repeat(32), 2048, 4096, 19, List.of("a", "b", "c", "d", "e"));
        ArchiveIndex read = IndexJson.read(new ByteArrayInputStream(write(List.of(file, link), List.of(c1, c2))));
        assertThat(read.formatVersion()).isEqualTo(1);
        assertThat(read.tool()).isEqualTo("ectar test");
        assertThat(read.parameters()).isEqualTo(PARAMS);
        assertThat(read.entries()).containsExactly(file, link);
        assertThat(read.chunks()).containsExactly(c1, c2);
        assertThat(read.uncompressedLength()).isEqualTo(6144);
    }

    @Test
    void refusesNewerVersionsAndBrokenIndexesWithClearMessages() throws Exception {
        String json = new String(write(List.of(), List.of()), StandardCharsets.UTF_8);
        String newer = json.replace("\"format_version\":1", "\"format_version\":2");
        assertThatThrownBy(() -> IndexJson.read(new ByteArrayInputStream(newer.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("newer")
                .satisfies(e -> assertThat(((IndexFormatException) e).newerVersion()).isTrue());
        String truncated = json.substring(0, json.length() / 2);
        assertThatThrownBy(() -> IndexJson.read(new ByteArrayInputStream(truncated.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("not valid");
        String unknownFields = json.replace("\"tool\":", "\"future_field\":[1,{\"a\":2}],\"tool\":");
        assertThat(IndexJson.read(new ByteArrayInputStream(unknownFields.getBytes(StandardCharsets.UTF_8))).tool())
                .isEqualTo("ectar test");
    }

    @Test
    void namesOfAnArchiveWithDotsInItsBase() {
        ArchiveNames n = new ArchiveNames("home.2026.01");
        assertThat(n.shard(12, 3)).isEqualTo("home.2026.01.c012.s03");
        assertThat(n.indexFile()).isEqualTo("home.2026.01.index.zst");
        assertThat(n.indexShard(7)).isEqualTo("home.2026.01.index.s07");
        assertThat(n.recoveryFile()).isEqualTo("home.2026.01.RECOVERY.txt");
        assertThat(n.indexShardNumber("home.2026.01.index.s14")).contains(14);
        assertThat(n.indexShardNumber("home.2026.index.s14")).isEmpty();
        assertThat(ArchiveNames.baseOfIndexFile("a.b.index.zst")).contains("a.b");
        assertThat(ArchiveNames.baseOfIndexShard("a.b.index.s03")).contains("a.b");
        assertThatThrownBy(() -> new ArchiveNames("dir/x")).isInstanceOf(IllegalArgumentException.class);
    }
}
