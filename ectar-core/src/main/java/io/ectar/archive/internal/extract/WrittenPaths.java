package io.ectar.archive.internal.extract;

import io.ectar.internal.io.Sha256;
import io.ectar.internal.io.SpillFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The paths an extraction wrote, in bounded memory: an extract of ten million files must not hold ten million
 * {@link Path} objects (1.5 GiB). Each path is kept as 64 bits of its SHA-256 (a path that is not in the set
 * matches by chance with odds of about n / 2^64, and no one can aim for a given path's key); the newest keys
 * are in a small hash table, older ones in sorted runs in a temporary file, searched by binary search and
 * merged into one run when there are too many.
 */
public final class WrittenPaths implements Closeable {

    /** Keys held in the hash table before they go to a run on disk. */
    static final int IN_MEMORY = 1 << 16;
    private static final int MAX_RUNS = 8;

    private long[] table = new long[2 * IN_MEMORY];
    private int held;
    private final MessageDigest sha = Sha256.newDigest();
    private SpillFile file;
    private final List<long[]> runs = new ArrayList<>(); // {start byte, number of keys}

    public void add(Path p) throws IOException {
        long key = key(p);
        if (inTable(key)) {
            return; // (a key already in a run may come again: runs may hold duplicates)
        }
        insert(table, key);
        if (++held == IN_MEMORY) {
            spill();
        }
    }

    public boolean contains(Path p) throws IOException {
        return containsKey(key(p));
    }

    private long key(Path p) {
        byte[] digest = sha.digest(p.toString().getBytes(StandardCharsets.UTF_8));
        long k = ByteBuffer.wrap(digest).getLong();
        return k == 0 ? 1 : k; // 0 marks a free slot
    }

    private boolean inTable(long key) {
        for (int i = slot(table, key); table[i] != 0; i = (i + 1) & (table.length - 1)) {
            if (table[i] == key) {
                return true;
            }
        }
        return false;
    }

    private boolean containsKey(long key) throws IOException {
        if (inTable(key)) {
            return true;
        }
        for (long[] run : runs) {
            if (inRun(run, key)) {
                return true;
            }
        }
        return false;
    }

    private static int slot(long[] t, long key) {
        return (int) (key ^ (key >>> 32)) * 0x9E3779B9 >>> 1 & (t.length - 1);
    }

    private static void insert(long[] t, long key) {
        int i = slot(t, key);
        while (t[i] != 0) {
            i = (i + 1) & (t.length - 1);
        }
        t[i] = key;
    }

    /** Binary search in a sorted run of the file. */
    private boolean inRun(long[] run, long key) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(8);
        long lo = 0;
        long hi = run[1] - 1;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            long k = file.readLong(run[0] + 8 * mid, one);
            if (k < key) {
                lo = mid + 1;
            } else if (k > key) {
                hi = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Writes the table's keys as a sorted run; merges the runs when there are too many. */
    private void spill() throws IOException {
        long[] keys = new long[held];
        int n = 0;
        for (long k : table) {
            if (k != 0) {
                keys[n++] = k;
            }
        }
        Arrays.sort(keys);
        if (file == null) {
            file = SpillFile.create("ectar-extract-", "paths written");
        }
        long start = file.length();
        ByteBuffer out = ByteBuffer.allocate(8 * keys.length);
        out.asLongBuffer().put(keys);
        file.append(out);
        runs.add(new long[] {start, keys.length});
        Arrays.fill(table, 0);
        held = 0;
        if (runs.size() > MAX_RUNS) {
            merge();
        }
    }

    /** Merges every run into one, in a new file, reading each run through a small buffer. */
    private void merge() throws IOException {
        SpillFile merged = SpillFile.create("ectar-extract-", "paths written");
        int r = runs.size();
        ByteBuffer[] in = new ByteBuffer[r];
        long[] next = new long[r];
        long[] left = new long[r];
        long total = 0;
        for (int i = 0; i < r; i++) {
            in[i] = ByteBuffer.allocate(8 << 10).limit(0);
            next[i] = runs.get(i)[0];
            left[i] = runs.get(i)[1];
            total += left[i];
        }
        ByteBuffer out = ByteBuffer.allocate(64 << 10);
        long[] head = new long[r];
        boolean[] has = new boolean[r];
        for (int i = 0; i < r; i++) {
            has[i] = advance(i, in, next, left, head);
        }
        while (true) {
            int best = -1;
            for (int i = 0; i < r; i++) {
                if (has[i] && (best < 0 || head[i] < head[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            if (!out.hasRemaining()) {
                out.flip();
                merged.append(out);
                out.clear();
            }
            out.putLong(head[best]);
            has[best] = advance(best, in, next, left, head);
        }
        out.flip();
        merged.append(out);
        file.close();
        file = merged;
        runs.clear();
        runs.add(new long[] {0, total});
    }

    private boolean advance(int i, ByteBuffer[] in, long[] next, long[] left, long[] head) throws IOException {
        if (!in[i].hasRemaining()) {
            if (left[i] == 0) {
                return false;
            }
            int keys = (int) Math.min(left[i], in[i].capacity() / 8);
            in[i].clear().limit(8 * keys);
            file.readFully(next[i], in[i]);
            in[i].flip();
            next[i] += 8L * keys;
            left[i] -= keys;
        }
        head[i] = in[i].getLong();
        return true;
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
            file = null;
        }
    }
}
