package io.ectar.archive;

import io.ectar.archive.internal.create.ChunkEncoder;
import io.ectar.archive.internal.create.ChunkStream;
import io.ectar.archive.internal.create.TarChunkWriter;
import io.ectar.archive.internal.create.TreeWalker;
import io.ectar.internal.io.Sha256;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.ectar.codec.ZfecCodec;
import io.ectar.format.ArchiveNames;
import io.ectar.format.ArchiveParameters;
import io.ectar.format.ChunkHeader;
import io.ectar.format.ChunkRecord;
import io.ectar.format.IndexEntry;
import io.ectar.format.IndexJson;
import io.ectar.format.RecoveryText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates archives: walk, pax tar, chunks cut at entry boundaries, one zstd frame per chunk, zfec shards,
 * then the index (as a file and as shards) and the recovery text.
 *
 * <p>The work overlaps across chunks: while one chunk is coded into shards and written (on the encoder
 * thread), the next one is read, hashed, tarred and compressed (zstd workers). Memory stays bounded by about
 * two chunk payloads plus zstd's buffers, whatever the size of the input.
 */
public final class ArchiveCreator {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveCreator.class);
    private static final int INDEX_ZSTD_LEVEL = 6;

    private final CreateOptions options;
    private final Progress progress;

    public ArchiveCreator(CreateOptions options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * Archives {@code inputs} into {@code sink}. Each input is stored under its own name, the way
     * {@code tar -C parent name} stores it. On failure the sink is aborted and no index is left behind.
     */
    public CreateResult create(List<Path> inputs, String base, ShardSink sink) throws IOException {
        List<Path> roots = TreeWalker.checkInputs(inputs);
        TreeWalker walker = new TreeWalker(options.excludes());
        return create(v -> walker.walk(roots, v), walker, () -> totalFileBytes(roots), base, sink);
    }

    /** The entries to archive, in archive order: the walk of the inputs, or generated ones (tests). */
    interface EntrySource {
        void walk(TreeWalker.Visitor visitor) throws IOException;
    }

    /** Counts the file bytes to archive, for progress. */
    interface ByteTotal {
        long get() throws IOException;
    }

    /** Archives what {@code entries} gives; {@code walker}'s warnings are reported. */
    CreateResult create(EntrySource entries, TreeWalker walker, ByteTotal totalBytes, String base, ShardSink sink)
            throws IOException {
        ArchiveNames names = new ArchiveNames(base);
        ArchiveParameters params = new ArchiveParameters(options.dataShards(), options.totalShards(),
                options.chunkSize(), options.compressionLevel() > 0
                        ? new ArchiveParameters.Compression.Zstd(options.compressionLevel())
                        : ArchiveParameters.Compression.NONE,
                ArchiveParameters.Codec.ZFEC, sink.layout(),
                options.archiveId() != null ? options.archiveId() : ChunkHeader.newArchiveId());
        ZfecCodec codec = ZfecCodec.create(params.dataShards(), params.totalShards());
        ChunkEncoder encoder = new ChunkEncoder(codec, sink, 1);
        CompressedIndex compressedIndex = null;
        try {
            long total = progress == Progress.NONE ? -1 : totalBytes.get();
            progress.start("archiving", total);
            Instant created = Instant.now();
            // The entries go to the compressed index as they are archived; it is spilled to a temporary file.
            compressedIndex = CompressedIndex.create();
            ZstdOutputStreamNoFinalizer indexZstd = new ZstdOutputStreamNoFinalizer(compressedIndex.output(),
                    INDEX_ZSTD_LEVEL);
            indexZstd.setChecksum(true);
            long[] counts = new long[2];
            List<ChunkRecord> chunks;
            List<String> tarWarnings;
            List<String> tarUnreadable;
            List<String> changed;
            try (IndexJson.Writer index = new IndexJson.Writer(indexZstd, options.tool(), created, params)) {
                try (ChunkStream chunkStream = new ChunkStream(params.chunkSize(), params.compression().level(),
                        zstdWorkers(), params.archiveId(), encoder::submit)) {
                    TarChunkWriter tar = new TarChunkWriter(chunkStream, progress::advance);
                    try {
                        entries.walk(e -> {
                            if (sink.full()) {
                                throw new MediumFull();
                            }
                            IndexEntry ie = tar.add(e);
                            if (ie != null) {
                                index.entry(ie);
                                counts[0]++;
                                counts[1] += ie.size();
                            }
                        });
                    } catch (MediumFull full) {
                        LOG.warn("{} is nearly full: the archive ends after {} entries", sink.describe(), counts[0]);
                    }
                    tar.finish();
                    tarWarnings = tar.warnings();
                    tarUnreadable = tar.unreadable();
                    changed = tar.changed();
                }
                chunks = withoutLostShards(encoder.finish(), sink.lostShards());
                index.finish(chunks);
            }
            progress.finish();
            Map<String, String> checksums = shardChecksums(names, chunks);
            if (options.writeIndex()) {
                writeIndexShards(codec, compressedIndex, names, sink, checksums);
                checksums.put(names.indexFile(), compressedIndex.sha256());
            }
            sink.writeRecoveryText(RecoveryText.render(names, params, chunks.size(), options.tool(), checksums));
            if (options.writeIndex()) {
                sink.commitIndex(compressedIndex);
            }
            sink.finish();
            List<String> warnings = new java.util.ArrayList<>(walker.warnings());
            warnings.addAll(tarWarnings);
            List<String> unreadable = new java.util.ArrayList<>(walker.unreadable());
            unreadable.addAll(tarUnreadable);
            long tarBytes = chunks.stream().mapToLong(ChunkRecord::uncompressedLength).sum();
            long payload = chunks.stream().mapToLong(ChunkRecord::payloadLength).sum();
            long shards = chunks.stream().mapToLong(c -> c.shardLength() * c.shardSha256().size()).sum();
            LOG.debug("archive {}: {} entries, {} chunks", base, counts[0], chunks.size());
            return new CreateResult(counts[0], counts[1], chunks.size(), tarBytes, payload, shards,
                    options.writeIndex(), warnings, unreadable, changed);
        } catch (IOException | RuntimeException | Error e) {
            encoder.abort();
            sink.abort();
            throw e;
        } finally {
            if (compressedIndex != null) {
                compressedIndex.close();
            }
        }
    }

    /** The chunk records with the shards the sink lost (a dropped tape drive) marked missing. */
    private static List<ChunkRecord> withoutLostShards(List<ChunkRecord> chunks, Map<Integer, Set<Integer>> lost) {
        if (lost.isEmpty()) {
            return chunks;
        }
        List<ChunkRecord> kept = new ArrayList<>(chunks.size());
        for (ChunkRecord c : chunks) {
            Set<Integer> gone = lost.getOrDefault(c.number(), Set.of());
            List<String> sha = new ArrayList<>(c.shardSha256());
            gone.forEach(s -> sha.set(s, null));
            kept.add(new ChunkRecord(c.number(), c.payloadLength(), c.payloadSha256(), c.uncompressedOffset(),
                    c.uncompressedLength(), c.shardLength(), sha));
        }
        return kept;
    }

    /** Ends the walk when the sink is nearly full. */
    private static final class MediumFull extends RuntimeException {
        MediumFull() {
            super(null, null, false, false);
        }
    }

    private long totalFileBytes(List<Path> roots) throws IOException {
        /** What the walk has counted so far (the visitor runs on this thread). */
        final class Total {
            long bytes;
        }
        Total total = new Total();
        new TreeWalker(options.excludes()).quiet().walk(roots, e -> total.bytes += e.size());
        return total.bytes;
    }

    private static int zstdWorkers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private static Map<String, String> shardChecksums(ArchiveNames names, List<ChunkRecord> chunks) {
        Map<String, String> sums = new LinkedHashMap<>();
        for (ChunkRecord c : chunks) {
            for (int s = 0; s < c.shardSha256().size(); s++) {
                if (c.shardSha256().get(s) != null) {
                    sums.put(names.shard(c.number(), s), c.shardSha256().get(s));
                }
            }
        }
        return sums;
    }

    /** Codes the index into its shards as a stream: it is never held whole. */
    private static void writeIndexShards(ZfecCodec codec, CompressedIndex index, ArchiveNames names, ShardSink sink,
            Map<String, String> checksums) throws IOException {
        List<java.security.DigestOutputStream> outs = new ArrayList<>();
        try {
            for (int s = 0; s < codec.m(); s++) {
                outs.add(new java.security.DigestOutputStream(sink.openIndexShard(s), Sha256.newDigest()));
            }
            try (java.io.InputStream in = index.open()) {
                codec.encode(in, index.length(), outs);
            }
        } finally {
            IOException failed = null;
            for (OutputStream out : outs) {
                try {
                    out.close();
                } catch (IOException e) {
                    if (failed == null) {
                        failed = e;
                    }
                }
            }
            if (failed != null) {
                throw failed;
            }
        }
        for (int s = 0; s < outs.size(); s++) {
            checksums.put(names.indexShard(s), Sha256.hex(outs.get(s).getMessageDigest()));
        }
    }
}
