package io.ectar.archive.internal.read;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.ectar.archive.ArchiveException;
import io.ectar.archive.IndexOrigin;
import io.ectar.archive.IndexProblem.Kind;
import io.ectar.archive.IndexProblem;
import io.ectar.archive.ShardSource;
import io.ectar.codec.ZfecCodec;
import io.ectar.format.ArchiveIndex;
import io.ectar.format.IndexJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the best index of an archive: {@code BASE.index.zst}, else the index rebuilt from
 * {@code BASE.index.sMM}, else none. Says what was wrong with the ones it could not use.
 */
public final class IndexLoader {

    private static final Logger LOG = LoggerFactory.getLogger(IndexLoader.class);
    private static final long MAX_INDEX_BYTES = Integer.MAX_VALUE - 16;

    /**
     * @param index    null when no index could be used
     * @param problems what was wrong with the index file or its shards
     */
    public record Loaded(ArchiveIndex index, IndexOrigin origin, List<IndexProblem> problems) {
    }

    private IndexLoader() {
    }

    public static Loaded load(ShardSource source) throws IOException {
        List<IndexProblem> problems = new ArrayList<>();
        String fileName = source.base() + ".index.zst";
        var file = source.openIndexFile();
        if (file.isPresent()) {
            try (InputStream in = file.get()) {
                return new Loaded(parse(in), IndexOrigin.FILE, problems);
            } catch (io.ectar.format.IndexFormatException e) {
                if (e.newerVersion()) {
                    throw new ArchiveException(fileName + ": " + e.getMessage(), e);
                }
                problems.add(new IndexProblem(Kind.FILE_DAMAGED, fileName + " is damaged (" + e.getMessage() + ")"));
            } catch (IOException e) {
                problems.add(new IndexProblem(Kind.FILE_DAMAGED, fileName + " is damaged (" + e.getMessage() + ")"));
            }
        } else {
            problems.add(new IndexProblem(Kind.FILE_MISSING, fileName + " is missing"));
        }
        Map<Integer, Long> shards = source.indexShards();
        if (!shards.isEmpty()) {
            List<BlindRecovery.Shard> read = new ArrayList<>();
            long usual = ChunkReader.usualLength(shards.values());
            for (int s : shards.keySet()) {
                try {
                    read.add(new BlindRecovery.Shard(s, source.readIndexShard(s, usual < 0 ? MAX_INDEX_BYTES : usual + 1)));
                } catch (NoSuchFileException gone) {
                    // raced with a deletion: simply one shard fewer
                }
            }
            Candidates parsed = new Candidates();
            BlindRecovery.Result r = BlindRecovery.recover(read, ZfecCodec::create, parsed::check);
            if (r.payload() != null) {
                if (!r.bad().isEmpty()) {
                    problems.add(new IndexProblem(Kind.SHARDS_DAMAGED, "index shards " + r.bad().keySet()
                            + " are damaged"));
                }
                LOG.debug("index rebuilt from shards {}", r.good());
                return new Loaded(parsed.last, IndexOrigin.SHARDS, problems);
            }
            problems.add(new IndexProblem(Kind.SHARDS_UNDECODABLE, "the index shards " + source.base()
                    + ".index.s* cannot be decoded (" + read.size() + " present)"));
        } else {
            problems.add(new IndexProblem(Kind.SHARDS_MISSING, "no index shards " + source.base()
                    + ".index.sMM are there"));
        }
        return new Loaded(null, IndexOrigin.NONE, problems);
    }

    /**
     * Parses each payload blind recovery decodes, keeping the last that parsed: the one it accepts (a
     * recovery runs on one thread).
     */
    private static final class Candidates {
        private ArchiveIndex last;

        BlindRecovery.Verdict check(byte[] bytes) {
            try {
                ArchiveIndex candidate = parse(bytes);
                if (last != null) {
                    last.close();
                }
                last = candidate;
                return BlindRecovery.Verdict.CHECKED;
            } catch (IOException | RuntimeException e) {
                return BlindRecovery.Verdict.INVALID;
            }
        }
    }

    /**
     * Decompresses while parsing: the JSON is never held whole (a hostile index can decompress to gigabytes).
     * The parser reads to the end of the input, so the zstd frame checksum is checked.
     */
    private static ArchiveIndex parse(byte[] compressed) throws IOException {
        return parse(new ByteArrayInputStream(compressed));
    }

    /** {@link #parse(byte[])} from a stream (the index file: neither it nor its entries are held whole). */
    private static ArchiveIndex parse(InputStream compressed) throws IOException {
        try (InputStream in = new ZstdInputStreamNoFinalizer(compressed)) {
            return IndexJson.read(in);
        }
    }
}
