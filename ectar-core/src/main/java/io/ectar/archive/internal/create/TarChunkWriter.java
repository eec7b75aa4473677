package io.ectar.archive.internal.create;

import io.ectar.archive.internal.read.PaxTime;
import io.ectar.archive.internal.read.TarReader;
import io.ectar.internal.io.Sha256;
import io.ectar.format.EntryType;
import io.ectar.format.IndexEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes walked entries as one POSIX (pax) tar stream into a {@link ChunkStream}, hashing file data on
 * the way, and returns what the index records for each entry.
 *
 * <p>commons-compress writes each entry's header records (pax extended header included); the file data,
 * its padding to 512 bytes and the end-of-archive marker are written here directly, which spares the data
 * a copy through the tar stream's 512-byte record buffer.
 */
public final class TarChunkWriter {

    private static final Logger LOG = LoggerFactory.getLogger(TarChunkWriter.class);

    /** Told how many file bytes were archived, for progress. */
    public interface ByteCounter {
        public void add(long bytes);
    }

    private static final int RECORD = 512;

    private final ChunkStream chunks;
    private final java.io.ByteArrayOutputStream header = new java.io.ByteArrayOutputStream(4 * RECORD);
    private final List<String> warnings = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();
    private final List<String> changed = new ArrayList<>();
    private final ByteCounter counter;

    public TarChunkWriter(ChunkStream chunks, ByteCounter counter) {
        this.chunks = chunks;
        this.counter = counter;
    }

    /** The header records of one entry: pax header (when needed) and ustar header. */
    private byte[] headerRecords(TarArchiveEntry t, Instant mtime) throws IOException {
        header.reset();
        // A 512-byte block: nothing but whole records. The stream is left unfinished on purpose: only its
        // header records are wanted.
        @SuppressWarnings("resource")
        TarArchiveOutputStream tar = new TarArchiveOutputStream(header, RECORD, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        tar.putArchiveEntry(t);
        tar.flush();
        return exactMtime(header.toByteArray(), mtime);
    }

    /**
     * The header records with the pax {@code mtime} set to exactly {@code mtime}: commons-compress writes a
     * pax mtime whenever the ustar field cannot hold the time (before 1970, after 2242, or with a fraction of a
     * second), but cuts its fraction to 100 ns. The record is rewritten with all nine digits, and the pax
     * header's size and checksum with it.
     */
    static byte[] exactMtime(byte[] records, Instant mtime) {
        if (records.length <= RECORD || records[156] != 'x') {
            return records; // no pax header: the time is whole seconds in the ustar range, exact as it is
        }
        int size = (int) TarReader.number(records, 124, 12);
        java.io.ByteArrayOutputStream rewritten = new java.io.ByteArrayOutputStream(size + 8);
        byte[] key = " mtime=".getBytes(StandardCharsets.US_ASCII);
        for (int at = RECORD, end = RECORD + size; at < end; ) {
            int space = at;
            int length = 0;
            while (records[space] != ' ') {
                length = length * 10 + records[space++] - '0';
            }
            if (Arrays.equals(records, space, space + key.length, key, 0, key.length)) {
                rewritten.writeBytes(paxRecord("mtime", PaxTime.format(mtime)).getBytes(StandardCharsets.US_ASCII));
            } else {
                rewritten.write(records, at, length);
            }
            at += length;
        }
        byte[] data = rewritten.toByteArray();
        int dataRecords = (data.length + RECORD - 1) / RECORD * RECORD;
        int after = RECORD + (size + RECORD - 1) / RECORD * RECORD;
        byte[] out = new byte[RECORD + dataRecords + records.length - after];
        System.arraycopy(records, 0, out, 0, RECORD);
        System.arraycopy(data, 0, out, RECORD, data.length);
        System.arraycopy(records, after, out, RECORD + dataRecords, records.length - after);
        octal(out, 124, 12, data.length);
        Arrays.fill(out, 148, 156, (byte) ' ');
        long sum = 0;
        for (int i = 0; i < RECORD; i++) {
            sum += out[i] & 0xFF;
        }
        octal(out, 148, 7, sum); // six digits and a NUL, then the space already there
        return out;
    }

    /** One pax record, {@code "LEN key=value\n"}, LEN counting its own digits. */
    private static String paxRecord(String key, String value) {
        int rest = 1 + key.length() + 1 + value.length() + 1;
        int length = rest + Integer.toString(rest).length();
        if (Integer.toString(length).length() > Integer.toString(rest).length()) {
            length++;
        }
        return length + " " + key + "=" + value + "\n";
    }

    /** A NUL-terminated octal field of {@code width} bytes, zero padded. */
    private static void octal(byte[] r, int off, int width, long value) {
        String digits = Long.toOctalString(value);
        byte[] field = ("0".repeat(width - 1 - digits.length()) + digits).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(field, 0, r, off, field.length);
        r[off + width - 1] = 0;
    }

    /** Files that changed size while being read, one line each. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Files that shrank or grew while being read (so what is stored is not the file as it is), one line each. */
    public List<String> changed() {
        return List.copyOf(changed);
    }

    /** Files that could not be read and are not in the archive, one line each. */
    public List<String> unreadable() {
        return List.copyOf(unreadable);
    }

    /** Archives one entry; returns its index record. */
    public IndexEntry add(SourceEntry e) throws IOException {
        TarArchiveEntry t = tarEntry(e);
        byte[] records = headerRecords(t, e.mtime());
        long data = e.type() == EntryType.FILE ? e.size() : 0;
        chunks.startEntry(records.length + data + padding(data));
        int chunk = chunks.currentChunk();
        long offset = chunks.position();
        String sha = null;
        if (e.type() == EntryType.FILE) {
            try (FileChannel in = FileChannel.open(e.file(), StandardOpenOption.READ)) {
                chunks.write(records);
                sha = copyExactly(in, e);
            } catch (java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException cannotRead) {
                if (chunks.position() != offset) {
                    throw cannotRead;
                }
                String message = e.storedPath() + ": cannot be read (" + cannotRead.getMessage() + "), skipped";
                LOG.error(message);
                this.unreadable.add(message);
                return null;
            }
            chunks.write(new byte[(int) padding(data)]);
        } else {
            chunks.write(records);
        }
        return new IndexEntry(e.storedPath(), e.type(), e.size(), e.mode(), e.mtime(), e.uid(), e.gid(), e.user(),
                e.group(), e.linkTarget(), sha, chunk, offset);
    }

    /** Writes the tar end marker (two zero records) and ends the last chunk. */
    public void finish() throws IOException {
        chunks.write(new byte[2 * RECORD]);
        chunks.finish();
    }

    private static long padding(long size) {
        return (RECORD - size % RECORD) % RECORD;
    }

    private String copyExactly(FileChannel in, SourceEntry e) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        long left = e.size();
        while (left > 0) {
            long want = Math.min(left, 1 << 20);
            long n = chunks.writeFrom(in, want, digest);
            left -= n;
            counter.add(n);
            if (n < want) {
                break; // the file ended early
            }
        }
        if (left > 0) {
            changed(e.storedPath() + ": shrank while being archived; the missing " + left
                    + " bytes are stored as zeros");
            byte[] zeros = new byte[64 << 10];
            while (left > 0) {
                int z = (int) Math.min(zeros.length, left);
                digest.update(zeros, 0, z);
                chunks.write(zeros, 0, z);
                left -= z;
            }
        }
        if (in.read(ByteBuffer.allocate(1)) > 0) {
            changed(e.storedPath() + ": grew while being archived; only its first " + e.size() + " bytes are stored");
        }
        return Sha256.hex(digest);
    }

    private static TarArchiveEntry tarEntry(SourceEntry e) {
        TarArchiveEntry t = switch (e.type()) {
            case DIRECTORY -> new TarArchiveEntry(e.storedPath() + "/", TarConstants.LF_DIR);
            case SYMLINK -> new TarArchiveEntry(e.storedPath(), TarConstants.LF_SYMLINK);
            case HARDLINK -> new TarArchiveEntry(e.storedPath(), TarConstants.LF_LINK);
            case FILE -> new TarArchiveEntry(e.storedPath(), TarConstants.LF_NORMAL);
        };
        if (e.linkTarget() != null) {
            t.setLinkName(e.linkTarget());
        }
        t.setSize(e.type() == EntryType.FILE ? e.size() : 0);
        t.setMode(e.mode());
        t.setLastModifiedTime(FileTime.from(e.mtime()));
        t.setUserId(e.uid());
        t.setGroupId(e.gid());
        t.setUserName(e.user() == null ? "" : e.user());
        t.setGroupName(e.group() == null ? "" : e.group());
        return t;
    }

    private void changed(String message) {
        LOG.warn(message);
        warnings.add(message);
        changed.add(message);
    }
}
