package io.ectar.format;

import io.ectar.internal.io.SpillFile;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The entries of an index in tar-stream order, readable as often as needed, in bounded memory: up to
 * {@link #IN_MEMORY} entries are kept as objects; a larger index goes to a temporary file of compact records
 * (about 60 bytes plus the path per entry), read back with a small buffer per {@link Cursor}. Backups of ten
 * million files are normal, and their entries as Java objects took 3.8 GiB.
 *
 * <p>The temporary file is created in {@code java.io.tmpdir} and unlinked at once: it takes disk space only
 * while open, and nothing is left behind by a crash or {@code kill -9}. {@link #close()} frees it.
 */
public final class IndexEntries implements Iterable<IndexEntry>, Closeable {

    /** The most entries held as objects; beyond, all of them are spilled to a temporary file. */
    public static final int IN_MEMORY = 4096;

    private static final int BUFFER = 64 << 10;
    private static final IndexEntries EMPTY = new IndexEntries(List.of(), null, 0, 0, 0, 0);

    private final List<IndexEntry> memory;
    private final FileChannel spill;
    private final long spillLength;
    private final long size;
    private final long files;
    private final long fileBytes;

    private IndexEntries(List<IndexEntry> memory, FileChannel spill, long spillLength, long size, long files,
            long fileBytes) {
        this.memory = memory;
        this.spill = spill;
        this.spillLength = spillLength;
        this.size = size;
        this.files = files;
        this.fileBytes = fileBytes;
    }

    /** The given entries, held in memory (small indexes, tests). */
    public static IndexEntries of(List<IndexEntry> entries) {
        if (entries.isEmpty()) {
            return EMPTY;
        }
        long files = entries.stream().filter(e -> e.type() == EntryType.FILE).count();
        long bytes = entries.stream().mapToLong(IndexEntry::size).sum();
        return new IndexEntries(List.copyOf(entries), null, 0, entries.size(), files, bytes);
    }

    /** Collects entries one by one, spilling them to a temporary file when there are many. */
    static Builder builder() {
        return new Builder();
    }

    /** The number of entries. */
    public long size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The number of {@link EntryType#FILE} entries. */
    public long files() {
        return files;
    }

    /** The sum of all entries' sizes (only files have data). */
    public long fileBytes() {
        return fileBytes;
    }

    /** Whether the entries are in a temporary file rather than in memory. */
    public boolean spilled() {
        return spill != null;
    }

    /** A cursor on the first entry. Reading a spilled entry that fails throws {@link UncheckedIOException}. */
    public Cursor cursor() {
        return new Cursor(0, 0);
    }

    @Override
    public Iterator<IndexEntry> iterator() {
        return cursor();
    }

    /** The entries as a sequential stream. */
    public Stream<IndexEntry> stream() {
        return StreamSupport.stream(Spliterators.spliterator(cursor(), size,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED), false);
    }

    /** All entries as a list in memory: only for indexes known to be small (tests, diagnostics). */
    public List<IndexEntry> list() {
        return memory != null ? memory : stream().toList();
    }

    /** Frees the temporary file, if any; cursors fail afterwards. */
    @Override
    public void close() throws IOException {
        if (spill != null) {
            spill.close();
        }
    }

    /** Equal when they hold equal entries in the same order (reads both through). */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof IndexEntries other) || other.size != size) {
            return false;
        }
        Iterator<IndexEntry> a = iterator();
        Iterator<IndexEntry> b = other.iterator();
        while (a.hasNext()) {
            if (!a.next().equals(b.next())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 + Long.hashCode(fileBytes);
    }

    @Override
    public String toString() {
        return size + " entries" + (spilled() ? " (in a temporary file of " + spillLength + " bytes)" : "");
    }

    /**
     * A position in the entries, moving forward only; {@link #fork()} gives an independent copy (to look ahead
     * without moving this one).
     */
    public final class Cursor implements Iterator<IndexEntry> {
        private long index;
        private long filePosition;
        private final ByteBuffer buffer;
        private IndexEntry peeked;
        private long peekedAt;

        private Cursor(long index, long filePosition) {
            this.index = index;
            this.filePosition = filePosition;
            this.buffer = spill == null ? null : ByteBuffer.allocate(BUFFER).limit(0);
        }

        /** The number of entries before this cursor's next one. */
        public long index() {
            return index;
        }

        @Override
        public boolean hasNext() {
            return index < size;
        }

        @Override
        public IndexEntry next() {
            IndexEntry e = peek();
            peeked = null;
            index++;
            return e;
        }

        /** The entry {@link #next()} returns, without moving on. */
        public IndexEntry peek() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (peeked != null) {
                return peeked;
            }
            if (memory != null) {
                peeked = memory.get((int) index);
                return peeked;
            }
            try {
                peekedAt = position();
                peeked = Records.read(this);
                return peeked;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the index's entries back from their temporary file: "
                        + e.getMessage(), e);
            }
        }

        /** A cursor at the same place, moving independently of this one. */
        public Cursor fork() {
            return new Cursor(index, peeked != null && memory == null ? peekedAt : position());
        }

        private long position() {
            return buffer == null ? 0 : filePosition - buffer.remaining();
        }

        int readByte() throws IOException {
            fill(1);
            return buffer.get() & 0xFF;
        }

        byte[] readBytes(int n) throws IOException {
            byte[] out = new byte[n];
            int done = 0;
            while (done < n) {
                fill(1);
                int take = Math.min(n - done, buffer.remaining());
                buffer.get(out, done, take);
                done += take;
            }
            return out;
        }

        /** Makes at least {@code n} (at most the buffer's size) bytes available. */
        private void fill(int n) throws IOException {
            if (buffer.remaining() >= n) {
                return;
            }
            buffer.compact();
            while (buffer.position() < n) {
                int read = spill.read(buffer, filePosition);
                if (read < 0) {
                    throw new IOException("the temporary file ends early");
                }
                filePosition += read;
            }
            buffer.flip();
        }
    }

    /** Collects entries; {@link #build()} hands them over, {@link #close()} drops them when not built. */
    static final class Builder implements Closeable {
        private List<IndexEntry> memory = new ArrayList<>();
        private FileChannel spill;
        private ByteBuffer out;
        private long spillLength;
        private long size;
        private long files;
        private long fileBytes;
        private boolean built;

        private Builder() {
        }

        /** The number of entries added so far. */
        public long size() {
            return size;
        }

        /** Adds the next entry, in tar-stream order. */
        public void add(IndexEntry e) throws IOException {
            size++;
            if (e.type() == EntryType.FILE) {
                files++;
            }
            fileBytes += e.size();
            if (memory != null) {
                memory.add(e);
                if (memory.size() <= IN_MEMORY) {
                    return;
                }
                startSpill();
                return;
            }
            write(e);
        }

        private void startSpill() throws IOException {
            spill = SpillFile.openUnlinked("ectar-index-", ".entries", "index's entries");
            out = ByteBuffer.allocate(BUFFER);
            List<IndexEntry> held = memory;
            memory = null;
            for (IndexEntry h : held) {
                write(h);
            }
        }

        private void write(IndexEntry e) throws IOException {
            byte[] record = Records.encode(e);
            if (out.remaining() < record.length) {
                flush();
                if (record.length > out.capacity()) {
                    writeFully(ByteBuffer.wrap(record));
                    return;
                }
            }
            out.put(record);
        }

        private void flush() throws IOException {
            out.flip();
            writeFully(out);
            out.clear();
        }

        private void writeFully(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                spillLength += spill.write(b, spillLength);
            }
        }

        /** The entries added; the builder is done. */
        public IndexEntries build() throws IOException {
            built = true;
            if (memory != null) {
                return memory.isEmpty() ? EMPTY : new IndexEntries(List.copyOf(memory), null, 0, size, files,
                        fileBytes);
            }
            flush();
            out = null;
            return new IndexEntries(null, spill, spillLength, size, files, fileBytes);
        }

        @Override
        public void close() throws IOException {
            if (!built && spill != null) {
                spill.close();
            }
        }
    }

    /**
     * The compact record of one entry: varints (zig-zag for signed values), strings as a length and UTF-8,
     * a SHA-256 in lower-case hex as its 32 bytes.
     */
    private static final class Records {
        private static final EntryType[] TYPES = EntryType.values();

        static byte[] encode(IndexEntry e) {
            Encoder w = new Encoder();
            w.string(e.path());
            w.number(e.type().ordinal());
            w.number(e.size());
            w.number(e.mode());
            w.number(e.mtime().getEpochSecond());
            w.number(e.mtime().getNano());
            w.number(e.uid());
            w.number(e.gid());
            w.string(e.user());
            w.string(e.group());
            w.string(e.linkTarget());
            byte[] sha = hexBytes(e.sha256());
            if (sha != null) {
                w.number(-1);
                w.raw(sha);
            } else {
                w.string(e.sha256());
            }
            w.number(e.chunk());
            w.number(e.offset());
            return w.bytes();
        }

        static IndexEntry read(Cursor r) throws IOException {
            String path = string(r);
            EntryType type = TYPES[(int) number(r)];
            long size = number(r);
            int mode = (int) number(r);
            long seconds = number(r);
            int nanos = (int) number(r);
            long uid = number(r);
            long gid = number(r);
            String user = string(r);
            String group = string(r);
            String link = string(r);
            long shaTag = number(r);
            String sha = shaTag == -1 ? hex(r.readBytes(32)) : text(r, shaTag);
            int chunk = (int) number(r);
            long offset = number(r);
            return new IndexEntry(path, type, size, mode, Instant.ofEpochSecond(seconds, nanos), uid, gid, user, group,
                    link, sha, chunk, offset);
        }

        private static long number(Cursor r) throws IOException {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                int b = r.readByte();
                v |= (long) (b & 0x7F) << shift;
                if (b < 0x80) {
                    return (v >>> 1) ^ -(v & 1);
                }
            }
        }

        private static String string(Cursor r) throws IOException {
            return text(r, number(r));
        }

        /** A string whose tag (length + 1, 0 for null) was read. */
        private static String text(Cursor r, long tag) throws IOException {
            return tag == 0 ? null : new String(r.readBytes((int) (tag - 1)), StandardCharsets.UTF_8);
        }

        private static byte[] hexBytes(String s) {
            if (s == null || s.length() != 64) {
                return null;
            }
            byte[] b = new byte[32];
            for (int i = 0; i < 64; i++) {
                int d = Character.digit(s.charAt(i), 16);
                if (d < 0 || Character.isUpperCase(s.charAt(i))) {
                    return null;
                }
                b[i / 2] |= (byte) (i % 2 == 0 ? d << 4 : d);
            }
            return b;
        }

        private static String hex(byte[] b) {
            char[] out = new char[64];
            for (int i = 0; i < 32; i++) {
                out[2 * i] = Character.forDigit((b[i] >> 4) & 0xF, 16);
                out[2 * i + 1] = Character.forDigit(b[i] & 0xF, 16);
            }
            return new String(out);
        }

        /** Appends varints, strings and raw bytes to a growing array. */
        private static final class Encoder {
            private byte[] b = new byte[128];
            private int n;

            void number(long value) {
                long v = (value << 1) ^ (value >> 63);
                ensure(10);
                while ((v & ~0x7FL) != 0) {
                    b[n++] = (byte) ((v & 0x7F) | 0x80);
                    v >>>= 7;
                }
                b[n++] = (byte) v;
            }

            void string(String s) {
                if (s == null) {
                    number(0);
                    return;
                }
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                number(utf8.length + 1L);
                raw(utf8);
            }

            void raw(byte[] bytes) {
                ensure(bytes.length);
                System.arraycopy(bytes, 0, b, n, bytes.length);
                n += bytes.length;
            }

            private void ensure(int more) {
                if (n + more > b.length) {
                    b = java.util.Arrays.copyOf(b, Math.max(2 * b.length, n + more));
                }
            }

            byte[] bytes() {
                return java.util.Arrays.copyOf(b, n);
            }
        }
    }
}
