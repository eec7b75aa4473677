package io.ectar.tape.device;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A tape in a file, in the SIMH {@code .tap} format that simulators and {@code mtdump} read.
 *
 * <p>Each record is stored as its length (32-bit little-endian), its bytes padded to an even length,
 * and its length again; a length of 0 is a filemark. The end of the file is the end of recorded data
 * (an explicit end-of-medium marker {@code 0xFFFFFFFF} is honoured when reading). A length with bit 31
 * set is SIMH's "record with error" flag: reading it fails with {@link MediumErrorException}, which is
 * how a bad spot on a tape is emulated.
 *
 * <p>{@link Options} make the image behave like a real drive: a capacity (the physical end), an
 * early-warning point, and a throughput cap such as LTO-9's 400 MB/s. The file is locked while open,
 * so two processes cannot write one image, and forced to disk on {@link #close()}.
 */
public final class SimhTapeImage implements TapeDevice {

    /** The largest record the format holds (24-bit length). */
    public static final int MAX_RECORD = 0x00FF_FFFF;

    private static final int TAPEMARK = 0;
    private static final int END_OF_MEDIUM = 0xFFFF_FFFF;
    private static final int ERASE_GAP = 0xFFFE_FFFF;
    private static final int ERROR_FLAG = 0x8000_0000;

    /**
     * How the image emulates a drive; 0 means "no limit" for each.
     *
     * @param capacity bytes of image file at which the tape is full
     * @param earlyWarning bytes of image file past which writes report early warning
     * @param bytesPerSecond throughput cap for reads and writes
     */
    public record Options(long capacity, long earlyWarning, long bytesPerSecond) {

        /** No capacity, no early warning, no throughput cap. */
        public static final Options UNLIMITED = new Options(0, 0, 0);

        public Options {
            if (capacity < 0 || earlyWarning < 0 || bytesPerSecond < 0) {
                throw new IllegalArgumentException("tape image options must be >= 0");
            }
            if (capacity > 0 && earlyWarning > capacity) {
                throw new IllegalArgumentException("early-warning point " + earlyWarning
                        + " is beyond the capacity " + capacity);
            }
        }
    }

    private final Path path;
    private final String name;
    private final Options options;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean writable;
    private final Throttle throttle;
    private final ByteBuffer word = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private ByteBuffer io = ByteBuffer.allocateDirect(0);

    private long offset;
    private long length;
    private long file;
    private long block;

    private SimhTapeImage(Path path, Options options, FileChannel channel, FileLock lock, boolean writable)
            throws IOException {
        this.path = path;
        this.name = path.toString();
        this.options = options;
        this.channel = channel;
        this.lock = lock;
        this.writable = writable;
        this.throttle = options.bytesPerSecond() > 0 ? new Throttle(options.bytesPerSecond()) : null;
        this.length = channel.size();
    }

    /**
     * Opens the image at {@code path}, creating an empty (blank) tape when the file does not exist.
     * A read-only file (no write permission bit, even for root) opens as a write-protected tape.
     */
    public static SimhTapeImage open(Path path, Options options) throws IOException {
        return open(path, options, false);
    }

    /**
     * Opens the existing image at {@code path} write-protected, for reading: the file is never created or
     * changed, and other readers may have it open too (a writer may not).
     *
     * @throws TapeException when there is no such file
     */
    public static SimhTapeImage openForReading(Path path, Options options) throws IOException {
        return open(path, options, true);
    }

    private static SimhTapeImage open(Path path, Options options, boolean forReading) throws IOException {
        Objects.requireNonNull(options, "options");
        if (Files.isDirectory(path)) {
            throw new TapeException(path.toString(), path + " is a directory, not a tape image file");
        }
        if (forReading && !Files.exists(path)) {
            throw new TapeException(path.toString(), "no such tape image: " + path + " (reading never creates one;"
                    + " check the name)");
        }
        boolean writable = !forReading && (!Files.exists(path) || (Files.isWritable(path) && !writeProtectTab(path)));
        FileChannel channel = writable
                ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE)
                : FileChannel.open(path, StandardOpenOption.READ);
        FileLock lock;
        try {
            lock = channel.tryLock(0, Long.MAX_VALUE, !writable);
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new TapeException(path.toString(), path + ": tape image is already open in this process (given"
                    + " twice?)");
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new TapeException(path.toString(), path + ": tape image is in use by another writer");
        }
        return new SimhTapeImage(path, options, channel, lock, writable);
    }

    /**
     * Whether the image file has no write permission bit at all: the emulated cartridge's write-protect tab.
     * Checked by the bits, not by access, because root may write any file.
     */
    private static boolean writeProtectTab(Path path) throws IOException {
        try {
            return java.util.Collections.disjoint(Files.getPosixFilePermissions(path), java.util.EnumSet.of(
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                    java.nio.file.attribute.PosixFilePermission.GROUP_WRITE,
                    java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE));
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /** The image file. */
    public Path path() {
        return path;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean writeRecord(byte[] data, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, data.length);
        if (len < 1 || len > MAX_RECORD) {
            throw new IllegalArgumentException("a SIMH tape record is 1.." + MAX_RECORD + " bytes, got " + len);
        }
        requireWritable();
        int padding = len & 1;
        long size = 8L + len + padding;
        if (options.capacity() > 0 && offset + size > options.capacity()) {
            throw new TapeFullException(name, position());
        }
        if (throttle != null) {
            throttle.acquire(size);
        }
        truncateAfterHere();
        // One direct buffer holds length, data, padding and length again: one copy, one write() call.
        ByteBuffer record = ioBuffer((int) size);
        record.putInt(len).put(data, off, len);
        if (padding != 0) {
            record.put((byte) 0);
        }
        record.putInt(len).flip();
        while (record.hasRemaining()) {
            channel.write(record, offset + record.position());
        }
        offset += size;
        length = offset;
        block++;
        return pastEarlyWarning();
    }

    @Override
    public void writeFilemarks(int count) throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("filemark count must be >= 0, got " + count);
        }
        requireWritable();
        if (count == 0) {
            return;
        }
        if (options.capacity() > 0 && offset + 4L * count > options.capacity()) {
            throw new TapeFullException(name, position());
        }
        truncateAfterHere();
        ByteBuffer marks = ByteBuffer.allocate(4 * count);
        while (marks.hasRemaining()) {
            channel.write(marks, offset + marks.position());
        }
        offset += 4L * count;
        length = offset;
        file += count;
        block = 0;
    }

    @Override
    public int readRecord(byte[] buffer) throws IOException {
        while (true) {
            if (offset + 4 > length) {
                return END_OF_DATA;
            }
            int marker = readWord(offset);
            if (marker == TAPEMARK) {
                offset += 4;
                file++;
                block = 0;
                return FILEMARK;
            }
            if (marker == END_OF_MEDIUM) {
                return END_OF_DATA;
            }
            if (marker == ERASE_GAP) {
                offset += 4;
                continue;
            }
            boolean bad = (marker & ERROR_FLAG) != 0;
            int len = recordLength(marker, offset);
            long end = offset + 8L + len + (len & 1);
            if (end > length || readWord(end - 4) != marker) {
                throw damaged(offset, "record length " + len + " has no matching trailer");
            }
            if (bad) {
                TapePosition at = position();
                offset = end;
                block++;
                throw new MediumErrorException(name, at, "the image marks this record as bad");
            }
            if (len > buffer.length) {
                throw new RecordTooLargeException(name, position(), buffer.length);
            }
            if (throttle != null) {
                throttle.acquire(end - offset);
            }
            ByteBuffer into = ioBuffer(len);
            into.limit(len);
            long at = offset + 4;
            while (into.hasRemaining()) {
                int n = channel.read(into, at + into.position());
                if (n < 0) {
                    throw damaged(offset, "image ends inside a record");
                }
            }
            into.flip().get(buffer, 0, len);
            offset = end;
            block++;
            return len;
        }
    }

    @Override
    public void spaceForwardFiles(int count) throws IOException {
        for (int crossed = 0; crossed < count; ) {
            int marker = offset + 4 > length ? END_OF_MEDIUM : readWord(offset);
            if (marker == END_OF_MEDIUM) {
                throw new TapeException(name, name + ": end of data after " + crossed + " of " + count
                        + " filemarks, at " + position());
            }
            if (stepForward(marker)) {
                crossed++;
            }
        }
    }

    /** Moves past the object whose first word is {@code marker}; true when it was a filemark. */
    private boolean stepForward(int marker) throws TapeException {
        if (marker == TAPEMARK) {
            offset += 4;
            file++;
            block = 0;
            return true;
        }
        if (marker == ERASE_GAP) {
            offset += 4;
            return false;
        }
        int len = recordLength(marker, offset);
        offset += 8L + len + (len & 1);
        block++;
        return false;
    }

    @Override
    public void spaceBackFiles(int count) throws IOException {
        for (int crossed = 0; crossed < count; ) {
            if (offset == 0) {
                block = 0;
                throw new TapeException(name, name + ": beginning of tape after " + crossed + " of " + count
                        + " filemarks backward");
            }
            int marker = readWord(offset - 4);
            if (marker == TAPEMARK) {
                offset -= 4;
                file--;
                crossed++;
            } else if (marker == ERASE_GAP) {
                offset -= 4;
            } else {
                int len = recordLength(marker, offset - 4);
                offset -= 8L + len + (len & 1);
            }
        }
        block = recordsBefore(offset);
    }

    @Override
    public void rewind() {
        offset = 0;
        file = 0;
        block = 0;
    }

    @Override
    public void goToEndOfData() throws IOException {
        while (true) {
            if (offset + 4 > length) {
                return;
            }
            int marker = readWord(offset);
            if (marker == END_OF_MEDIUM) {
                return;
            }
            stepForward(marker);
        }
    }

    @Override
    public TapePosition position() {
        return new TapePosition(file, block);
    }

    @Override
    public DriveStatus status() throws IOException {
        boolean endOfData = offset + 4 > length || readWord(offset) == END_OF_MEDIUM;
        return new DriveStatus(true, offset == 0, endOfData, pastEarlyWarning(), !writable);
    }

    /** The bytes of image file used so far (the end of recorded data). */
    public long bytesUsed() {
        return length;
    }

    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try (channel) {
            if (writable) {
                channel.force(true);
            }
            lock.release();
        }
    }

    private boolean pastEarlyWarning() {
        return options.earlyWarning() > 0 && offset >= options.earlyWarning();
    }

    private void requireWritable() throws TapeException {
        if (!writable) {
            throw new TapeException(name, name + ": tape image is read-only (write-protected)");
        }
    }

    /** Writing makes this the end of data, as on a real tape: drop whatever followed. */
    private void truncateAfterHere() throws IOException {
        if (length > offset) {
            channel.truncate(offset);
            length = offset;
        }
    }

    /** Counts the records between the previous filemark (or the beginning of tape) and {@code at}. */
    private long recordsBefore(long at) throws IOException {
        long records = 0;
        while (at > 0) {
            int marker = readWord(at - 4);
            if (marker == TAPEMARK) {
                break;
            }
            if (marker == ERASE_GAP) {
                at -= 4;
                continue;
            }
            int len = recordLength(marker, at - 4);
            at -= 8L + len + (len & 1);
            records++;
        }
        return records;
    }

    /** The reusable direct buffer, cleared, with room for {@code size} bytes. */
    private ByteBuffer ioBuffer(int size) {
        if (io.capacity() < size) {
            io = ByteBuffer.allocateDirect(Math.max(size, 64 * 1024)).order(ByteOrder.LITTLE_ENDIAN);
        }
        return io.clear();
    }

    private int recordLength(int marker, long at) throws TapeException {
        int len = marker & ~ERROR_FLAG;
        if (len < 1 || len > MAX_RECORD) {
            throw damaged(at, String.format("invalid record length word 0x%08x", marker));
        }
        return len;
    }

    private int readWord(long at) throws IOException {
        word.clear();
        while (word.hasRemaining()) {
            if (channel.read(word, at + word.position()) < 0) {
                throw damaged(at, "image ends inside a length word");
            }
        }
        return word.getInt(0);
    }

    private TapeException damaged(long at, String what) {
        return new TapeException(name, name + ": not a valid SIMH tape image at byte " + at + " (" + what + ")");
    }
}
