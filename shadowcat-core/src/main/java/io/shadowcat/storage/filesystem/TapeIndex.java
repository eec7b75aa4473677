package io.shadowcat.storage.filesystem;

import io.shadowcat.storage.support.FileMode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory index: every tape's {@link TapeIndexEntry}, in memory, newest first, backed by an append-only
 * journal ({@code .shadowcat-index.jsonl}, one put or delete per line) that every process using the
 * directory appends to and tails. The journal is never rewritten on a save; it is compacted only when a
 * backend opens the directory alone and the journal has grown well past the number of tapes. It is a cache:
 * when missing or stale it is rebuilt from the tape files.
 *
 * <p>Writes are serialized on this object; reads ({@link #ordered()}, {@link #get}) need no lock.
 */
final class TapeIndex implements Closeable {

    static final String JOURNAL = ".shadowcat-index.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(TapeIndex.class);
    private static final Comparator<TapeIndexEntry> ORDER =
            Comparator.comparing(TapeIndexEntry::summary, TapeQuery.NEWEST_FIRST);

    private final Path journal;
    private final ConcurrentHashMap<TapeId, TapeIndexEntry> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<TapeIndexEntry, TapeIndexEntry> ordered = new ConcurrentSkipListMap<>(ORDER);
    private FileChannel appender;
    private Object fileKey;
    private long position;
    private long lines;

    private final FileMode mode;

    TapeIndex(Path dir, FileMode mode) {
        this.journal = dir.resolve(JOURNAL);
        this.mode = mode;
    }

    /** Reads the journal if there is one; false when it is missing. */
    synchronized boolean load() throws IOException {
        clear();
        try {
            BasicFileAttributes a = Files.readAttributes(journal, BasicFileAttributes.class);
            fileKey = a.fileKey();
        } catch (NoSuchFileException e) {
            return false;
        }
        readFrom(0);
        return true;
    }

    /** How many journal lines were read: compaction is due when far more than the number of tapes. */
    synchronized long journalLines() {
        return lines;
    }

    /** Replaces the journal with one line per tape (only while holding the directory exclusively). */
    synchronized void compact(TapeDirectory files) throws IOException {
        closeAppender();
        files.writeAtomically(journal, out -> {
            for (TapeIndexEntry e : ordered.values()) {
                out.write(TapeJson.mapper().writeValueAsBytes(e.toJson()));
                out.write('\n');
            }
        });
        BasicFileAttributes a = Files.readAttributes(journal, BasicFileAttributes.class);
        fileKey = a.fileKey();
        position = a.size();
        lines = byId.size();
    }

    Optional<TapeIndexEntry> get(TapeId id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every entry, newest first; weakly consistent while others write. */
    Collection<TapeIndexEntry> ordered() {
        return ordered.values();
    }

    int size() {
        return byId.size();
    }

    /** Records a tape's new state, in memory and in the journal. */
    synchronized void put(TapeIndexEntry entry) throws IOException {
        apply(entry);
        append(entry.toJson());
    }

    /** Forgets a tape, in memory and in the journal. */
    synchronized void remove(TapeId id) throws IOException {
        if (forget(id)) {
            append(TapeIndexEntry.deletion(id));
        }
    }

    /** Picks up what other processes appended, or reloads when the journal was compacted meanwhile. */
    synchronized void refresh() throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(journal, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!Objects.equals(a.fileKey(), fileKey)) {
            LOG.debug("{} was replaced by another process; reloading", journal);
            closeAppender();
            load();
        } else if (a.size() > position) {
            readFrom(position);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closeAppender();
    }

    /** Applies a state in memory only (used when rebuilding). */
    synchronized void apply(TapeIndexEntry entry) {
        TapeIndexEntry old = byId.put(entry.id(), entry);
        if (old != null) {
            ordered.remove(old);
        }
        ordered.put(entry, entry);
    }

    /** Forgets a tape in memory only; true when it was known. */
    synchronized boolean forget(TapeId id) {
        TapeIndexEntry old = byId.remove(id);
        if (old != null) {
            ordered.remove(old);
        }
        return old != null;
    }

    private void clear() {
        byId.clear();
        ordered.clear();
        position = 0;
        lines = 0;
    }

    private void append(ObjectNode line) throws IOException {
        if (appender == null) {
            appender = FileChannel.open(journal, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), mode.fileAttributes());
            BasicFileAttributes a = Files.readAttributes(journal, BasicFileAttributes.class);
            if (fileKey == null) {
                fileKey = a.fileKey();
            }
            if (a.size() > 0 && !endsWithNewline(a.size())) {
                // A torn last line from a crash: end it, so our line is not glued to it.
                write(ByteBuffer.wrap(new byte[] {'\n'}));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        TapeJson.mapper().writeValue(bytes, line);
        bytes.write('\n');
        // One write per line: appends of several processes never interleave within a line.
        write(ByteBuffer.wrap(bytes.toByteArray()));
    }

    private void write(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            appender.write(buf);
        }
    }

    private boolean endsWithNewline(long size) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(journal, StandardOpenOption.READ)) {
            ch.position(size - 1);
            ByteBuffer one = ByteBuffer.allocate(1);
            return ch.read(one) == 1 && one.get(0) == '\n';
        }
    }

    private void closeAppender() throws IOException {
        if (appender != null) {
            appender.close();
            appender = null;
        }
    }

    private void readFrom(long from) throws IOException {
        byte[] bytes;
        try (SeekableByteChannel ch = Files.newByteChannel(journal, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size <= from) {
                return;
            }
            ch.position(from);
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16, size - from));
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // keep reading
            }
            bytes = buf.array();
            bytes = buf.position() == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, buf.position());
        }
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                applyLine(bytes, start, i - start);
                start = i + 1;
                lines++;
            }
        }
        position = from + start; // an unterminated tail is read again once it is complete
    }

    private void applyLine(byte[] b, int start, int length) {
        if (length == 0) {
            return;
        }
        try {
            JsonNode n = TapeJson.mapper().readTree(b, start, length);
            String op = n.path("op").asText();
            if (op.equals("put")) {
                TapeIndexEntry e = TapeIndexEntry.fromJson(n);
                TapeIndexEntry old = byId.put(e.id(), e);
                if (old != null) {
                    ordered.remove(old);
                }
                ordered.put(e, e);
            } else if (op.equals("del") && TapeId.isValid(n.path("id").asText())) {
                forget(TapeId.of(n.path("id").asText()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: skipping unreadable index line ({}); the tape files are unaffected", journal, e.getMessage());
        }
    }
}
