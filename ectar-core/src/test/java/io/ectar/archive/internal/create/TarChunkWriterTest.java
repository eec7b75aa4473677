package io.ectar.archive.internal.create;

import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.format.EntryType;
import io.ectar.format.IndexEntry;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File data read straight into the chunk stream: exact bytes, hashes, and files that change under us. */
class TarChunkWriterTest {

    @TempDir
    Path tmp;

    private final List<byte[]> payloads = new ArrayList<>();

    @Test
    void filesSpanningChunksAreStoredExactlyWithTheirHash() throws Exception {
        byte[] big = random(700_001, 1);
        byte[] small = random(3, 2);
        Path a = Files.write(tmp.resolve("a.bin"), big);
        Path b = Files.write(tmp.resolve("b.bin"), small);
        List<IndexEntry> entries = archive(List.of(entry(a, "d/a.bin", big.length), entry(b, "d/b.bin", small.length)),
                new ArrayList<>());
        assertThat(payloads.size()).isGreaterThan(2);
        assertThat(entries).extracting(IndexEntry::sha256).containsExactly(sha(big), sha(small));
        assertThat(untar()).containsExactly(big, small);
    }

    @Test
    void aFileThatShrankIsPaddedWithZerosAndWarnedAbout() throws Exception {
        byte[] data = random(100_000, 3);
        Path a = Files.write(tmp.resolve("a.bin"), data);
        List<String> warnings = new ArrayList<>();
        List<IndexEntry> entries = archive(List.of(entry(a, "a.bin", 150_000)), warnings);
        byte[] stored = Arrays.copyOf(data, 150_000);
        assertThat(entries.get(0).sha256()).isEqualTo(sha(stored));
        assertThat(untar()).containsExactly(stored);
        assertThat(warnings).singleElement().asString().contains("a.bin: shrank").contains("50000 bytes");
    }

    @Test
    void aFileThatGrewIsCutAtItsSizeAndWarnedAbout() throws Exception {
        byte[] data = random(100_000, 4);
        Path a = Files.write(tmp.resolve("a.bin"), data);
        List<String> warnings = new ArrayList<>();
        List<IndexEntry> entries = archive(List.of(entry(a, "a.bin", 60_000)), warnings);
        byte[] stored = Arrays.copyOf(data, 60_000);
        assertThat(entries.get(0).sha256()).isEqualTo(sha(stored));
        assertThat(untar()).containsExactly(stored);
        assertThat(warnings).singleElement().asString().contains("a.bin: grew");
    }

    private List<IndexEntry> archive(List<SourceEntry> sources, List<String> warnings) throws Exception {
        List<IndexEntry> entries = new ArrayList<>();
        try (ChunkStream chunks = new ChunkStream(64 << 10, 0, 0, ChunkStreamTest.ID, p -> {
            payloads.add(p.payload().toByteArray());
            p.release();
        })) {
            TarChunkWriter tar = new TarChunkWriter(chunks, n -> { });
            for (SourceEntry s : sources) {
                entries.add(tar.add(s));
            }
            tar.finish();
            warnings.addAll(tar.warnings());
        }
        return entries;
    }

    private List<byte[]> untar() throws Exception {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] p : payloads) {
            all.write(ChunkStreamTest.unzstd(p));
        }
        List<byte[]> files = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(all.toByteArray()))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                files.add(in.readAllBytes());
            }
        }
        return files;
    }

    private static SourceEntry entry(Path file, String stored, long size) {
        return new SourceEntry(file, stored, EntryType.FILE, size, 0644, Instant.parse("2020-01-02T03:04:05Z"),
                1000, 1000, "u", "g", null);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
