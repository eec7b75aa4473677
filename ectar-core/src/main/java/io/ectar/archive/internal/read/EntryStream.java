package io.ectar.archive.internal.read;

import io.ectar.archive.ChunkHealth;
import io.ectar.archive.DataLostException;
import io.ectar.archive.Progress;
import io.ectar.internal.io.Sha256;
import io.ectar.format.ArchiveIndex;
import io.ectar.format.ChunkRecord;
import io.ectar.format.IndexEntries;
import io.ectar.format.IndexEntry;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The archive's entries in tar order, read from the chunks, with losses reported in between: the one
 * reading loop behind extract, list (without an index) and verify.
 *
 * <p>Events: {@link Entry} for each tar entry (its header exactly as archived, the index's record of it when
 * there is one, and its data); {@link Loss} when chunks could not be rebuilt (reading then goes on at the
 * next readable entry); {@link End} at the end.
 */
public final class EntryStream implements Closeable {

    public sealed interface Event permits Entry, Loss, End {
    }

    /** @param indexed the index's record of this entry, or null (no index, or not in it) */
    public record Entry(TarHeader header, IndexEntry indexed, InputStream data) implements Event {
    }

    /**
     * @param chunks      the lost chunks (empty when the shards simply end early)
     * @param affected    entries whose data is gone, as far as known
     * @param endsEarly   true when the tar stream stops without its end marker (no index, last chunks gone)
     */
    public record Loss(List<ChunkHealth> chunks, List<String> affected, boolean endsEarly) implements Event {
    }

    /** @param complete whether the tar end marker was reached */
    record End(boolean complete) implements Event {
    }

    /** Decompressed tar data waiting for the consumer: at most PIECES x PIECE_SIZE bytes, in reused buffers. */
    private static final int PIECES = 8;
    private static final int PIECE_SIZE = 1 << 20;

    private final ArchiveIndex index;
    private final IndexEntries.Cursor cursor;
    private final Consumer<IndexEntry> unmatched;
    private final ChunkSequence sequence;
    private TarReader tar;
    private TarHeader last;
    private long lastDataEnd;
    private boolean pendingLoss;
    private boolean pendingEndsEarly;
    private boolean finished;

    /**
     * @param unmatched told of every index entry that the tar stream passes without it (in order, the rest at
     *                  the end); null when nobody asks
     */
    public EntryStream(ChunkReader reader, ArchiveIndex index, boolean checkAllShards, int ahead,
            Consumer<IndexEntry> unmatched) {
        this.index = index;
        this.cursor = index == null ? null : index.entries().cursor();
        this.unmatched = unmatched;
        int count = reader.chunkCount();
        this.sequence = new ChunkSequence(new ChunkDecompressor(
                new ChunkPrefetcher(reader, count, checkAllShards, ahead), reader, count, PIECES, PIECE_SIZE));
        this.tar = new TarReader(sequence, sequence);
    }

    /** Every chunk read so far and what its shards looked like. */
    public List<ChunkHealth> chunkHealth() {
        return sequence.health();
    }

    /** The next event; after {@link End}, End again. */
    public Event next() throws IOException {
        if (finished) {
            return new End(tar != null && tar.sawEndMarker());
        }
        if (pendingLoss) {
            return resync();
        }
        TarHeader h;
        try {
            h = tar.next();
        } catch (DataLostException e) {
            pendingLoss = true;
            pendingEndsEarly = e.chunk() == null;
            return resync();
        }
        if (h == null) {
            finished = true;
            if (!tar.sawEndMarker()) {
                // The shards ran out before the tar stream did.
                return new Loss(List.of(), last == null ? List.of() : List.of(last.path()), true);
            }
            drainUnmatched();
            return new End(true);
        }
        last = h;
        lastDataEnd = sequence.delivered() + h.size();
        return new Entry(h, match(h), tar.data());
    }

    /**
     * Reads an entry's data to its end and returns its SHA-256, or null when the data is lost (the loss is
     * then the next event).
     */
    public String sha256(Entry e, byte[] buffer, Progress progress) throws IOException {
        java.security.MessageDigest d = Sha256.newDigest();
        try {
            InputStream in = e.data();
            int n;
            while ((n = in.read(buffer)) > 0) {
                d.update(buffer, 0, n);
                progress.advance(n);
            }
        } catch (DataLostException gone) {
            dataLost(gone);
            return null;
        }
        return Sha256.hex(d);
    }

    /** Called by a consumer whose read of an entry's data failed with a {@link DataLostException}. */
    public void dataLost(DataLostException e) {
        pendingLoss = true;
        pendingEndsEarly = e.chunk() == null;
    }

    private Loss resync() throws IOException {
        pendingLoss = false;
        Set<String> affected = new LinkedHashSet<>();
        // The entry being read when the loss hit lost its tail.
        if (last != null && sequence.delivered() < lastDataEnd) {
            affected.add(last.path());
        }
        boolean more = !pendingEndsEarly && sequence.resync(index == null ? null : this::nextEntryOffset);
        List<ChunkHealth> lost = sequence.takeLost();
        if (index != null) {
            affected.addAll(entriesIn(lost));
        }
        boolean endsEarly = pendingEndsEarly;
        pendingEndsEarly = false;
        last = null;
        if (more) {
            tar = new TarReader(sequence, sequence);
        } else {
            finished = true;
            tar = null;
            drainUnmatched();
        }
        return new Loss(lost, new ArrayList<>(affected), endsEarly);
    }

    /**
     * With an index: the first entry header at or after {@code offset}, or -1. A loss only ever moves reading
     * forward, so the search starts at the cursor (entries come in tar order, their offsets ascending).
     */
    private long nextEntryOffset(long offset) {
        IndexEntries.Cursor ahead = cursor.fork();
        while (ahead.hasNext()) {
            long start = ahead.next().offset();
            if (start >= offset) {
                return start;
            }
        }
        return -1;
    }

    /** Index entries whose tar bytes overlap the given lost chunks (those ahead of the cursor). */
    private List<String> entriesIn(List<ChunkHealth> lost) {
        List<String> out = new ArrayList<>();
        if (lost.isEmpty()) {
            return out;
        }
        long end = index.uncompressedLength();
        long last = 0;
        for (ChunkHealth h : lost) {
            ChunkRecord c = index.chunk(h.chunk());
            last = Math.max(last, c.uncompressedOffset() + c.uncompressedLength());
        }
        IndexEntries.Cursor ahead = cursor.fork();
        IndexEntry e = ahead.hasNext() ? ahead.next() : null;
        while (e != null && e.offset() < last) {
            IndexEntry following = ahead.hasNext() ? ahead.next() : null;
            long start = e.offset();
            long stop = following != null ? following.offset() : end;
            for (ChunkHealth h : lost) {
                ChunkRecord c = index.chunk(h.chunk());
                long from = c.uncompressedOffset();
                long to = from + c.uncompressedLength();
                if (start < to && stop > from) {
                    out.add(e.path());
                    break;
                }
            }
            e = following;
        }
        return out;
    }

    /**
     * The index record of this header: the next one in order with the same path. The entries passed over on
     * the way are told to {@code unmatched}; when none has the path, the cursor stays.
     */
    private IndexEntry match(TarHeader h) {
        if (cursor == null || !cursor.hasNext()) {
            return null;
        }
        String path = h.path();
        if (cursor.peek().path().equals(path)) {
            return cursor.next(); // the usual case: the stream and the index agree
        }
        IndexEntries.Cursor ahead = cursor.fork();
        long passed = 0;
        while (ahead.hasNext()) {
            if (ahead.next().path().equals(path)) {
                for (long i = 0; i < passed; i++) {
                    unmatched(cursor.next());
                }
                return cursor.next();
            }
            passed++;
        }
        return null;
    }

    private void unmatched(IndexEntry e) {
        if (unmatched != null) {
            unmatched.accept(e);
        }
    }

    /** At the end: the index entries never met are told to {@code unmatched}. */
    private void drainUnmatched() {
        if (cursor != null && unmatched != null) {
            while (cursor.hasNext()) {
                unmatched.accept(cursor.next());
            }
        }
    }

    @Override
    public void close() throws IOException {
        sequence.close();
    }
}
