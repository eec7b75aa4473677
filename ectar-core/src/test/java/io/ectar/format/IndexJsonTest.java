package io.ectar.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexJsonTest {

    private static final ArchiveParameters PARAMS = new ArchiveParameters(3, 5, 1 << 20,
            new ArchiveParameters.Compression.Zstd(3), ArchiveParameters.Codec.ZFEC, ArchiveParameters.Layout.DIRECTORY,
            "0123456789abcdef0123456789abcdef");

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
        assertThat(read.formatVersion()).isEqualTo(2);
        assertThat(read.tool()).isEqualTo("ectar test");
        assertThat(read.parameters()).isEqualTo(PARAMS);
        assertThat(read.entries()).containsExactly(file, link);
        assertThat(read.chunks()).containsExactly(c1, c2);
        assertThat(read.uncompressedLength()).isEqualTo(6144);
    }

    /**
     * Entries and chunks with every kind of value the writer must encode: escapes, control characters,
     * non-BMP characters, nulls, sub-second and pre-1970 times, years outside 0000-9999, extreme numbers.
     */
    static final List<IndexEntry> GOLDEN_ENTRIES = List.of(
            new IndexEntry("data", EntryType.DIRECTORY, 0, 0755, Instant.parse("2026-01-02T03:04:05Z"), 0, 0,
                    "root", "root", null, null, 1, 0),
            new IndexEntry("data/caf\u00e9 \"q\" back\\slash/tab\tnl\ncr\r\u0001\u001f\u007f\u2028 \ud83c\udf89.txt",
                    EntryType.FILE, 12, 04755, Instant.parse("2090-01-02T03:04:05.123456789Z"), 4294967295L,
                    4294967294L, "\u00fcser", "gr\u00f6up", null, "ab".repeat(32), 1, 1024),
            new IndexEntry("data/old", EntryType.FILE, Long.MAX_VALUE, 0, Instant.parse("1969-12-31T23:59:59.999Z"),
                    0, 0, null, null, null, "00".repeat(32), 2, 4096),
            new IndexEntry("data/millis", EntryType.FILE, 1, 07777, Instant.parse("2001-09-09T01:46:40.100Z"),
                    1, 2, "", "", null, "ff".repeat(32), 2, 5120),
            new IndexEntry("data/micros", EntryType.FILE, 0, 0600, Instant.parse("1601-01-01T00:00:00.000001Z"),
                    3, 4, null, null, null, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 3,
                    Long.MAX_VALUE - 1),
            new IndexEntry("data/far", EntryType.SYMLINK, 0, 0777, Instant.parse("+12026-01-01T00:00:00Z"), 0, 0,
                    null, null, "../../\u00e9/target", null, 3, 6144),
            new IndexEntry("data/ancient", EntryType.HARDLINK, 0, 0644, Instant.parse("-0001-12-31T23:59:59.5Z"), 0,
                    0, null, null, "data/millis", null, 3, 7168),
            new IndexEntry("data/epoch", EntryType.FILE, 0, 0644, Instant.EPOCH, 0, 0, null, null, null,
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 3, 8192));

    static final List<ChunkRecord> GOLDEN_CHUNKS = List.of(
            new ChunkRecord(1, 100, "cd".repeat(32), 0, 4096, 38,
                    Arrays.asList("01".repeat(32), null, "03".repeat(32), "04".repeat(32), "05".repeat(32))),
            new ChunkRecord(2, 0, "", 4096, 2048, 0, List.of()),
            new ChunkRecord(3, Long.MAX_VALUE, "ef".repeat(32), 6144, Long.MAX_VALUE - 6144, 4,
                    Arrays.asList(null, null, null, null, null)));

    /** The writer's bytes are part of the format: they must stay exactly those of the golden index. */
    @Test
    void writesTheGoldenIndexByteForByte() throws Exception {
        byte[] golden = golden();
        byte[] written = write(GOLDEN_ENTRIES, GOLDEN_CHUNKS);
        if (System.getProperty("ectar.writeGolden") != null) {
            Files.write(Path.of(System.getProperty("ectar.writeGolden")), written);
        }
        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(new String(golden, StandardCharsets.UTF_8));
        assertThat(written).isEqualTo(golden);
    }

    @Test
    void readsTheGoldenIndex() throws Exception {
        ArchiveIndex read = IndexJson.read(new ByteArrayInputStream(golden()));
        assertThat(read.formatVersion()).isEqualTo(2);
        assertThat(read.tool()).isEqualTo("ectar test");
        assertThat(read.created()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(read.parameters()).isEqualTo(PARAMS);
        assertThat(read.entries()).containsExactlyElementsOf(GOLDEN_ENTRIES);
        assertThat(read.chunks()).containsExactlyElementsOf(GOLDEN_CHUNKS);
    }

    /** Version 1 indexes, as the previous ectar wrote them, stay readable: the same, without archive id. */
    @Test
    void readsTheVersion1GoldenIndex() throws Exception {
        ArchiveIndex read = IndexJson.read(new ByteArrayInputStream(golden("golden-index-v1.json")));
        assertThat(read.formatVersion()).isEqualTo(1);
        assertThat(read.parameters()).isEqualTo(new ArchiveParameters(3, 5, 1 << 20,
                new ArchiveParameters.Compression.Zstd(3), ArchiveParameters.Codec.ZFEC, ArchiveParameters.Layout.DIRECTORY));
        assertThat(read.parameters().archiveId()).isNull();
        assertThat(read.entries()).containsExactlyElementsOf(GOLDEN_ENTRIES);
        assertThat(read.chunks()).containsExactlyElementsOf(GOLDEN_CHUNKS);
    }

    @Test
    void aVersion2IndexWithoutArchiveIdIsRefused() throws Exception {
        String json = new String(golden(), StandardCharsets.UTF_8);
        String noId = json.replace(",\"archive_id\":\"" + PARAMS.archiveId() + "\"", "");
        assertThat(noId).isNotEqualTo(json);
        assertThatThrownBy(() -> parse(noId)).isInstanceOf(IndexFormatException.class)
                .hasMessageContaining("no archive_id");
    }

    private static byte[] golden() throws Exception {
        return golden("golden-index.json");
    }

    private static byte[] golden(String name) throws Exception {
        try (InputStream in = IndexJsonTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void refusesNewerVersionsAndBrokenIndexesWithClearMessages() throws Exception {
        String json = new String(write(List.of(), List.of()), StandardCharsets.UTF_8);
        String newer = json.replace("\"format_version\":2", "\"format_version\":3");
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

    private static ArchiveIndex parse(String json) throws Exception {
        return IndexJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String minimal(String parameters, String entry, String chunk) {
        return "{\"format_version\":1,\"parameters\":{" + parameters + "},\"entries\":[" + entry
                + "],\"chunks\":[" + chunk + "]}";
    }

    private static final String PARAMETERS = "\"data_shards\":2,\"parity_shards\":1,\"chunk_size\":4096,"
            + "\"compression\":\"none\"";
    private static final String ENTRY = "{\"path\":\"a\",\"type\":\"file\",\"mode\":\"0644\","
            + "\"mtime\":\"2026-01-02T03:04:05Z\"}";
    private static final String CHUNK = "{\"chunk\":1,\"payload_length\":3,\"payload_sha256\":\"x\","
            + "\"uncompressed_offset\":0,\"uncompressed_length\":3,\"shard_length\":5,"
            + "\"shard_sha256\":[\"a\",null,\"c\"]}";

    @Test
    void optionalFieldsTakeTheirDefaults() throws Exception {
        ArchiveIndex read = parse(minimal(PARAMETERS, ENTRY, CHUNK));
        assertThat(read.tool()).isNull();
        assertThat(read.created()).isEqualTo(Instant.EPOCH);
        assertThat(read.parameters()).isEqualTo(new ArchiveParameters(2, 3, 4096,
                ArchiveParameters.Compression.NONE, ArchiveParameters.Codec.ZFEC, ArchiveParameters.Layout.DIRECTORY));
        assertThat(read.entries()).containsExactly(new IndexEntry("a", EntryType.FILE, 0, 0644,
                Instant.parse("2026-01-02T03:04:05Z"), 0, 0, null, null, null, null, 1, 0));
        assertThat(read.chunks()).containsExactly(new ChunkRecord(1, 3, "x", 0, 3, 5, Arrays.asList("a", null, "c")));
        // explicit nulls are absent values; total_shards wins over parity_shards; unknown fields are skipped
        String nulls = ENTRY.replace("}", ",\"size\":null,\"uid\":null,\"chunk\":null,\"user\":null,"
                + "\"later\":{\"x\":[1,2,{\"y\":null}]}}");
        ArchiveIndex withNulls = parse(minimal(PARAMETERS + ",\"total_shards\":4,\"codec\":null",
                nulls, CHUNK));
        assertThat(withNulls.entries()).isEqualTo(read.entries());
        assertThat(withNulls.parameters().totalShards()).isEqualTo(4);
        assertThat(withNulls.parameters().codec()).isEqualTo(ArchiveParameters.Codec.ZFEC);
        // numbers written as strings or with a fraction are still read as whole numbers
        assertThat(parse(minimal(PARAMETERS.replace("4096", "\"4096\""), ENTRY.replace("}", ",\"size\":7.0}"),
                CHUNK)).entries().list().get(0).size()).isEqualTo(7);
    }

    @Test
    void namesTheFieldAndRecordThatAreWrong() throws Exception {
        assertThatThrownBy(() -> parse(minimal(PARAMETERS, ENTRY.replace("\"mode\":\"0644\",", ""), CHUNK)))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("missing field 'mode' in entry 1 ('a')");
        assertThatThrownBy(() -> parse(minimal(PARAMETERS.replace("\"chunk_size\":4096,", ""), ENTRY, CHUNK)))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("missing field 'chunk_size' in parameters");
        assertThatThrownBy(() -> parse(minimal(PARAMETERS, ENTRY + "," + ENTRY.replace("\"path\":\"a\",", ""),
                CHUNK))).isInstanceOf(IndexFormatException.class).hasMessageContaining("missing field 'path' in entry 2");
        assertThatThrownBy(() -> parse(minimal(PARAMETERS, ENTRY, CHUNK.replace("\"payload_sha256\":\"x\",", ""))))
                .isInstanceOf(IndexFormatException.class)
                .hasMessageContaining("missing field 'payload_sha256' in chunk record 1");
        assertThatThrownBy(() -> parse(minimal(PARAMETERS, ENTRY.replace("\"a\"", "{\"x\":1}"), CHUNK)))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("field 'path' of entry 1 is not a single value");
        assertThatThrownBy(() -> parse(minimal(PARAMETERS, ENTRY.replace("}", ",\"size\":\"big\"}"), CHUNK)))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("field 'size' of entry 1 is not a number: 'big'");
        assertThatThrownBy(() -> parse(minimal(PARAMETERS, ENTRY.replace("2026-01-02T03:04:05Z", "yesterday"), CHUNK)))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("bad time 'yesterday' for mtime of a");
        assertThatThrownBy(() -> parse(minimal(PARAMETERS, "1", CHUNK)))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("an element of entries");
        assertThatThrownBy(() -> parse(minimal(PARAMETERS, ENTRY, CHUNK).replace("\"entries\":[", "\"entries\":[[],")))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("not valid");
        assertThatThrownBy(() -> parse(minimal(PARAMETERS, ENTRY, CHUNK.replace("\"chunk\":1", "\"chunk\":2"))))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("not valid");
        assertThatThrownBy(() -> parse(minimal(PARAMETERS, ENTRY, CHUNK).replace("\"chunks\":[" + CHUNK + "]", "\"x\":0")))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("incomplete");
        assertThatThrownBy(() -> parse(minimal(PARAMETERS, ENTRY, CHUNK) + "{}"))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("more data after its end");
        assertThat(parse(minimal(PARAMETERS, ENTRY, CHUNK) + "\n").entries()).hasSize(1);
    }

    @Test
    void valuesBeyondTheLimitsAreRefusedBeforeTheyAreHeld() throws Exception {
        String longPath = "p".repeat(IndexJson.MAX_TEXT_LENGTH + 1);
        assertThatThrownBy(() -> parse(minimal(PARAMETERS, ENTRY.replace("\"a\"", "\"" + longPath + "\""), CHUNK)))
                .isInstanceOf(IndexFormatException.class)
                .hasMessage("the index holds a text value longer than 1048576 characters, the most an index may hold"
                        + " (it is damaged, or not an ectar index)");
        String atTheLimit = "p".repeat(IndexJson.MAX_TEXT_LENGTH);
        assertThat(parse(minimal(PARAMETERS, ENTRY.replace("\"a\"", "\"" + atTheLimit + "\""), CHUNK)).entries())
                .extracting(IndexEntry::path).containsExactly(atTheLimit);
        String shards = String.join(",", java.util.Collections.nCopies(257, "\"s\""));
        assertThatThrownBy(() -> parse(minimal(PARAMETERS, ENTRY, CHUNK.replace("\"a\",null,\"c\"", shards))))
                .isInstanceOf(IndexFormatException.class)
                .hasMessageContaining("shard_sha256 of chunk record 1 lists more than 256 shards");
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
