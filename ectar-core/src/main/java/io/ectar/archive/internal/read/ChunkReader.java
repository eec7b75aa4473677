package io.ectar.archive.internal.read;

import io.ectar.archive.ChunkHealth;
import io.ectar.archive.ShardSource;
import io.ectar.internal.io.Sha256;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.ectar.codec.PayloadBytes;
import io.ectar.codec.ShareFileException;
import io.ectar.codec.ZfecCodec;
import io.ectar.format.ArchiveIndex;
import io.ectar.format.ChunkHeader;
import io.ectar.format.ChunkHeaderException;
import io.ectar.format.ChunkRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads chunks back from their shards, treating every missing, truncated or corrupt shard as an erasure.
 *
 * <p>With the index, each shard is checked against its recorded length and SHA-256, and the rebuilt payload
 * against its SHA-256; the data shards are read first and reading stops at k good ones unless every shard
 * is to be checked. Without the index, the zfec headers are trusted and the payload must check out on its
 * own (see {@link BlindRecovery}): a version 2 payload by its {@link ChunkHeader} (this archive's id, this
 * chunk's number, the frame's CRC-32C), a version 1 zstd payload by its frame checksum.
 */
public final class ChunkReader {

    private static final byte[] ZSTD_MAGIC = {(byte) 0x28, (byte) 0xB5, (byte) 0x2F, (byte) 0xFD};

    private final ShardSource source;
    private final ArchiveIndex index;
    private final SortedMap<Integer, SortedMap<Integer, Long>> inventory;
    private final Map<List<Integer>, ZfecCodec> codecs = new HashMap<>();
    /**
     * One set, for the chunk in flight: the next chunk's shards are read once the decompressor is done with
     * this one's, so one payload's worth of shards is held at most. Reading ahead into a second set bought
     * nothing: decompression is the slow side, and reading a chunk's shards from the page cache and hashing
     * them takes a fraction of it, while a second set cost a payload of heap (on the 603 MB benchmark tree,
     * one set: 147 MiB peak RSS and 2.4-2.6 s; two: 202-228 MiB and 2.5-3.0 s).
     */
    private final ShardBuffers buffers = new ShardBuffers(1);
    /** From the index, else from the first chunk read; set on the reading thread, read on the decompressing one. */
    private volatile PayloadFormat format;
    /** The id every version 2 chunk must carry, and where it came from; null until known. */
    private volatile String archiveId;
    private String archiveIdSource;
    /** While a chunk is read without an index: what a whole payload of another archive or chunk said. */
    private String foreign;

    /** How chunk payloads are laid out. */
    enum PayloadFormat {
        /** Version 1, compressed: one zstd frame. */
        V1_ZSTD,
        /** Version 1, not compressed: the plain tar slice, with nothing to check it by. */
        V1_PLAIN,
        /** Version 2: a {@link ChunkHeader}, then one zstd frame (raw blocks when not compressed). */
        V2;

        static PayloadFormat of(byte[] payloadStart) {
            if (ChunkHeader.startsWithHeader(payloadStart)) {
                return V2;
            }
            return startsWithZstdMagic(payloadStart) ? V1_ZSTD : V1_PLAIN;
        }
    }

    /** @param index null when the archive has to be read from the shards alone */
    public ChunkReader(ShardSource source, ArchiveIndex index) throws IOException {
        this.source = source;
        this.index = index;
        this.inventory = source.chunkShards();
        if (index != null) {
            this.format = index.formatVersion() >= ChunkHeader.VERSION ? PayloadFormat.V2
                    : index.parameters().compressed() ? PayloadFormat.V1_ZSTD : PayloadFormat.V1_PLAIN;
            this.archiveId = index.parameters().archiveId();
            this.archiveIdSource = "the index";
        }
    }

    /** The number of chunks: from the index, else the highest chunk number with a shard file. */
    int chunkCount() {
        return index != null ? index.chunks().size() : inventory.isEmpty() ? 0 : inventory.lastKey();
    }

    /**
     * Reads chunk {@code number}.
     *
     * @param checkAll read and check every shard, not just the first k good ones
     */
    RecoveredChunk read(int number, boolean checkAll) throws IOException {
        return index != null ? readIndexed(number, checkAll) : readBlind(number);
    }

    private RecoveredChunk readIndexed(int number, boolean checkAll) throws IOException {
        ChunkRecord rec = index.chunk(number);
        int k = index.parameters().dataShards();
        int m = index.parameters().totalShards();
        SortedMap<Integer, Long> present = inventory.getOrDefault(number, new TreeMap<>());
        if (!checkAll) {
            RecoveredChunk fast = fromDataShards(rec, k, m, present);
            if (fast != null) {
                return fast;
            }
        }
        List<Integer> good = new ArrayList<>();
        List<byte[]> goodBytes = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        SortedMap<Integer, String> bad = new TreeMap<>();
        for (int s = 0; s < m; s++) {
            String expected = s < rec.shardSha256().size() ? rec.shardSha256().get(s) : null;
            if (!present.containsKey(s) || expected == null) {
                missing.add(s);
                continue;
            }
            if (good.size() >= k && !checkAll) {
                continue;
            }
            byte[] bytes;
            try {
                bytes = source.readShard(number, s, rec.shardLength() + 1);
            } catch (NoSuchFileException gone) {
                missing.add(s);
                continue;
            }
            Optional<String> problem = lengthProblem(bytes.length, rec.shardLength());
            if (problem.isEmpty() && !Sha256.of(bytes).equals(expected)) {
                problem = Optional.of("SHA-256 mismatch");
            }
            if (problem.isPresent()) {
                bad.put(s, problem.get());
            } else {
                good.add(s);
                goodBytes.add(bytes);
            }
        }
        PayloadBytes payload = null;
        String problem = null;
        if (good.size() >= k) {
            byte[] decoded = decode(codec(k, m), goodBytes.subList(0, k));
            payload = decoded == null ? null : PayloadBytes.of(decoded);
            if (payload == null || payload.length() != rec.payloadLength()
                    || !Sha256.of(payload).equals(rec.payloadSha256())) {
                payload = null;
                problem = "the shards match the index but the rebuilt payload does not; the index is inconsistent";
            }
        }
        return new RecoveredChunk(number, payload,
                new ChunkHealth(number, k, good, missing, bad, payload != null, problem),
                rec.uncompressedOffset(), rec.uncompressedLength());
    }

    /**
     * The common case: the k data shards are there and right. Their bytes are the payload's, so checking
     * the payload's SHA-256 checks them all at once, and the payload is read in place from them; null when
     * anything is off (then every shard is checked one by one to find the bad ones).
     */
    private RecoveredChunk fromDataShards(ChunkRecord rec, int k, int m, SortedMap<Integer, Long> present)
            throws IOException {
        for (int s = 0; s < k; s++) {
            Long size = present.get(s);
            if (size == null || size != rec.shardLength() || s >= rec.shardSha256().size()
                    || rec.shardSha256().get(s) == null) {
                return null;
            }
        }
        int length = (int) rec.shardLength();
        // One byte more than the recorded length, to see a file that is too long.
        byte[][] data;
        try {
            data = buffers.take(k, length + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the previous chunk");
        }
        RecoveredChunk chunk = null;
        try {
            chunk = fromDataShards(rec, k, m, present, data, length);
            return chunk;
        } finally {
            if (chunk == null) {
                buffers.give(data);
            }
        }
    }

    private RecoveredChunk fromDataShards(ChunkRecord rec, int k, int m, SortedMap<Integer, Long> present,
            byte[][] data, int length) throws IOException {
        for (int s = 0; s < k; s++) {
            try {
                if (source.readShard(rec.number(), s, data[s]) != length) {
                    return null;
                }
            } catch (NoSuchFileException gone) {
                return null;
            }
        }
        PayloadBytes payload;
        try {
            payload = codec(k, m).dataShares(Arrays.asList(data), length).orElse(null);
        } catch (ShareFileException e) {
            return null;
        }
        if (payload == null || payload.length() != rec.payloadLength()
                || !Sha256.of(payload).equals(rec.payloadSha256())) {
            return null;
        }
        List<Integer> good = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        for (int s = 0; s < m; s++) {
            if (s < k) {
                good.add(s);
            } else if (!present.containsKey(s) || s >= rec.shardSha256().size() || rec.shardSha256().get(s) == null) {
                missing.add(s);
            }
        }
        return new RecoveredChunk(rec.number(), payload,
                new ChunkHealth(rec.number(), k, good, missing, new TreeMap<>(), true, null),
                rec.uncompressedOffset(), rec.uncompressedLength(), () -> buffers.give(data));
    }

    private static Optional<String> lengthProblem(long actual, long expected) {
        if (actual < expected) {
            return Optional.of("truncated: " + actual + " of " + expected + " bytes");
        }
        if (actual > expected) {
            return Optional.of("longer than the " + expected + " bytes recorded");
        }
        return Optional.empty();
    }

    private RecoveredChunk readBlind(int number) throws IOException {
        SortedMap<Integer, Long> present = inventory.getOrDefault(number, new TreeMap<>());
        // One byte more than the usual length is enough to see that a shard is too long.
        long usual = usualLength(present.values());
        List<BlindRecovery.Shard> shards = new ArrayList<>();
        for (int s : present.keySet()) {
            try {
                shards.add(new BlindRecovery.Shard(s, source.readShard(number, s, usual < 0 ? Long.MAX_VALUE : usual + 1)));
            } catch (NoSuchFileException gone) {
                // counted as missing below
            }
        }
        foreign = null;
        BlindRecovery.Result r = BlindRecovery.recover(shards, this::codec,
                payload -> plausiblePayload(number, payload));
        int k = r.codec() == null ? 0 : r.codec().k();
        int m = r.codec() == null ? present.isEmpty() ? 0 : present.lastKey() + 1 : r.codec().m();
        List<Integer> missing = new ArrayList<>();
        for (int s = 0; s < m; s++) {
            int shard = s;
            if (shards.stream().noneMatch(x -> x.number() == shard)) {
                missing.add(s);
            }
        }
        if (r.payload() != null) {
            adopt(number, r.payload());
        }
        String problem = r.payload() == null ? foreign : null;
        return new RecoveredChunk(number, r.payload() == null ? null : PayloadBytes.of(r.payload()),
                new ChunkHealth(number, k, r.good(), missing, r.bad(), r.payload() != null, problem), -1, -1);
    }

    /** Without an index, the first chunk read tells the format and the archive id the others must have. */
    private void adopt(int number, byte[] payload) {
        if (format == null) {
            format = PayloadFormat.of(payload);
        }
        if (format == PayloadFormat.V2 && archiveId == null) {
            try {
                archiveIdSource = "chunk " + number;
                archiveId = ChunkHeader.parse(payload).archiveId();
            } catch (ChunkHeaderException e) {
                throw new IllegalStateException("a checked chunk header no longer parses", e);
            }
        }
    }

    /**
     * The length most shard files of a chunk have (the longest of equally common ones), -1 when unknown:
     * without an index, the best guess of the right length.
     */
    public static long usualLength(java.util.Collection<Long> lengths) {
        java.util.Map<Long, Integer> counts = new TreeMap<>();
        lengths.forEach(l -> counts.merge(l, 1, Integer::sum));
        long best = -1;
        int bestCount = 0;
        for (java.util.Map.Entry<Long, Integer> e : counts.entrySet()) {
            if (e.getValue() >= bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }

    /**
     * Without an index: a version 2 payload must have a sound header for this chunk of this archive and the
     * frame it describes; a version 1 zstd payload must be one whole frame with a matching checksum; a
     * version 1 plain tar slice has no checksum, so the other shards must confirm it.
     */
    private BlindRecovery.Verdict plausiblePayload(int number, byte[] payload) {
        PayloadFormat kind = PayloadFormat.of(payload);
        if (format != null && format != kind) {
            return BlindRecovery.Verdict.INVALID;
        }
        return switch (kind) {
            case V1_PLAIN -> BlindRecovery.Verdict.UNCHECKED;
            case V1_ZSTD -> wholeZstdFrame(payload) ? BlindRecovery.Verdict.CHECKED : BlindRecovery.Verdict.INVALID;
            case V2 -> checkHeader(number, payload);
        };
    }

    private BlindRecovery.Verdict checkHeader(int number, byte[] payload) {
        ChunkHeader h;
        try {
            h = ChunkHeader.parse(payload);
        } catch (ChunkHeaderException e) {
            return BlindRecovery.Verdict.INVALID;
        }
        if (h.frameProblem(payload, payload.length).isPresent()) {
            return BlindRecovery.Verdict.INVALID;
        }
        String id = archiveId;
        if (h.chunk() != number || id != null && !id.equals(h.archiveId())) {
            foreign = "its shards hold chunk " + h.chunk() + " of archive " + h.archiveId() + ", not chunk " + number
                    + " of archive " + (id != null ? id + " (as " + archiveIdSource + " says)" : h.archiveId())
                    + ": shard files of another archive or chunk were put in its place";
            return BlindRecovery.Verdict.FOREIGN;
        }
        return BlindRecovery.Verdict.CHECKED;
    }

    private static boolean wholeZstdFrame(byte[] payload) {
        try (InputStream in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(payload))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean startsWithZstdMagic(byte[] p) {
        return p.length >= 4 && p[0] == ZSTD_MAGIC[0] && p[1] == ZSTD_MAGIC[1] && p[2] == ZSTD_MAGIC[2]
                && p[3] == ZSTD_MAGIC[3];
    }

    private ZfecCodec codec(int k, int m) {
        return codecs.computeIfAbsent(List.of(k, m), km -> ZfecCodec.create(k, m));
    }

    private static byte[] decode(ZfecCodec codec, List<byte[]> shards) {
        try {
            return codec.decode(shards);
        } catch (ShareFileException e) {
            return null;
        }
    }

    /**
     * Opens a recovered payload as its slice of the tar stream (safe on another thread than the reading one).
     * A version 2 payload's header must name this chunk of this archive.
     */
    InputStream open(RecoveredChunk chunk) throws IOException {
        InputStream raw = chunk.payload().open();
        PayloadFormat kind = format != null ? format : PayloadFormat.of(chunk.payload().open().readNBytes(16));
        if (kind == PayloadFormat.V1_PLAIN) {
            return raw;
        }
        if (kind == PayloadFormat.V2) {
            ChunkHeader h;
            try {
                h = ChunkHeader.parse(raw.readNBytes(ChunkHeader.SIZE));
            } catch (ChunkHeaderException e) {
                throw new ChunkHeaderException("chunk " + chunk.number() + ": " + e.getMessage());
            }
            String id = archiveId;
            if (h.chunk() != chunk.number() || id != null && !id.equals(h.archiveId())) {
                throw new ChunkHeaderException("chunk " + chunk.number() + "'s header names chunk " + h.chunk()
                        + " of archive " + h.archiveId() + (id == null ? "" : ", but " + archiveIdSource
                        + " says archive " + id));
            }
        }
        return new java.io.BufferedInputStream(new ZstdInputStreamNoFinalizer(raw), 1 << 18);
    }
}
