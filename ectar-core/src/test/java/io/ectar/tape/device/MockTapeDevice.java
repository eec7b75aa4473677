package io.ectar.tape.device;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An in-memory tape drive for tests, with fault injection: writes or reads that fail at a position or
 * after a number of records (a drive dying mid-job), flipped bits (silent corruption), an early-warning
 * point and a capacity, counted in records.
 *
 * <p>Fault settings may be changed between operations, e.g. write a clean tape, then inject read faults.
 */
public final class MockTapeDevice implements TapeDevice {

    /** Runs before each record write; lets a test observe or delay drives. */
    @FunctionalInterface
    public interface WriteHook {
        void beforeWrite(MockTapeDevice device, TapePosition at) throws IOException;
    }

    private static final byte[] FILEMARK_ENTRY = new byte[0];

    private final String name;
    private final List<byte[]> entries = new ArrayList<>();
    private final Set<TapePosition> failWritesAt = new HashSet<>();
    private final Set<TapePosition> failReadsAt = new HashSet<>();
    private int index;
    private long file;
    private long block;
    private long recordsWritten;
    private long recordsRead;
    private long failWritesAfter = -1;
    private long failReadsAfter = -1;
    private long earlyWarningAfter = -1;
    private long capacityRecords = -1;
    private boolean closed;
    private WriteHook writeHook = (device, at) -> { };

    public MockTapeDevice(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Writing a record at {@code at} fails (the drive reports an error; nothing is written). */
    public MockTapeDevice failWriteAt(TapePosition at) {
        failWritesAt.add(at);
        return this;
    }

    /** After {@code records} successful record writes the drive fails every further write and filemark. */
    public MockTapeDevice failWritesAfter(long records) {
        failWritesAfter = records;
        return this;
    }

    /** Reading the record at {@code at} fails with a medium error (the tape moves past it). */
    public MockTapeDevice failReadAt(TapePosition at) {
        failReadsAt.add(at);
        return this;
    }

    /** After {@code records} successful record reads the drive fails every further operation. */
    public MockTapeDevice failReadsAfter(long records) {
        failReadsAfter = records;
        recordsRead = 0;
        return this;
    }

    /** Flips one bit of the stored record at {@code at}: corruption the drive does not notice. */
    public MockTapeDevice flipBit(TapePosition at, long bit) {
        byte[] record = entries.get(indexOf(at));
        record[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
        return this;
    }

    /** After {@code records} written records, writes report early warning. */
    public MockTapeDevice earlyWarningAfter(long records) {
        earlyWarningAfter = records;
        return this;
    }

    /** The tape holds {@code records} records; the next write fails with {@link TapeFullException}. */
    public MockTapeDevice capacityRecords(long records) {
        capacityRecords = records;
        return this;
    }

    /** Runs {@code hook} before every record write. */
    public MockTapeDevice beforeEachWrite(WriteHook hook) {
        writeHook = Objects.requireNonNull(hook, "hook");
        return this;
    }

    /** The tape's files, each a list of record copies; a trailing empty file follows the last filemark. */
    public List<List<byte[]>> files() {
        List<List<byte[]>> files = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        for (byte[] entry : entries) {
            if (entry == FILEMARK_ENTRY) {
                files.add(current);
                current = new ArrayList<>();
            } else {
                current.add(entry.clone());
            }
        }
        files.add(current);
        return files;
    }

    /** Records written since the device was made. */
    public long recordsWritten() {
        return recordsWritten;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean writeRecord(byte[] data, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length < 1) {
            throw new IllegalArgumentException("a tape record has at least 1 byte");
        }
        requireOpen();
        TapePosition at = position();
        writeHook.beforeWrite(this, at);
        if (failWritesAt.contains(at) || (failWritesAfter >= 0 && recordsWritten >= failWritesAfter)) {
            throw new TapeException(name, name + ": write failed at " + at + " (injected fault)");
        }
        if (capacityRecords >= 0 && recordCount() >= capacityRecords) {
            throw new TapeFullException(name, at);
        }
        truncateAfterHere();
        entries.add(Arrays.copyOfRange(data, offset, offset + length));
        index++;
        block++;
        recordsWritten++;
        return pastEarlyWarning();
    }

    @Override
    public void writeFilemarks(int count) throws IOException {
        requireOpen();
        if (failWritesAfter >= 0 && recordsWritten >= failWritesAfter) {
            throw new TapeException(name, name + ": writing a filemark failed at " + position() + " (injected fault)");
        }
        truncateAfterHere();
        for (int i = 0; i < count; i++) {
            entries.add(FILEMARK_ENTRY);
            index++;
            file++;
            block = 0;
        }
    }

    @Override
    public int readRecord(byte[] buffer) throws IOException {
        requireOpen();
        requireReadable();
        if (index >= entries.size()) {
            return END_OF_DATA;
        }
        byte[] entry = entries.get(index);
        if (entry == FILEMARK_ENTRY) {
            index++;
            file++;
            block = 0;
            return FILEMARK;
        }
        TapePosition at = position();
        if (failReadsAt.contains(at)) {
            index++;
            block++;
            throw new MediumErrorException(name, at, "injected fault");
        }
        if (entry.length > buffer.length) {
            throw new RecordTooLargeException(name, at, buffer.length);
        }
        System.arraycopy(entry, 0, buffer, 0, entry.length);
        index++;
        block++;
        recordsRead++;
        return entry.length;
    }

    @Override
    public void spaceForwardFiles(int count) throws IOException {
        requireOpen();
        requireReadable();
        for (int crossed = 0; crossed < count; index++) {
            if (index >= entries.size()) {
                throw new TapeException(name, name + ": end of data after " + crossed + " of " + count + " filemarks");
            }
            if (entries.get(index) == FILEMARK_ENTRY) {
                crossed++;
                file++;
                block = 0;
            } else {
                block++;
            }
        }
    }

    @Override
    public void spaceBackFiles(int count) throws IOException {
        requireOpen();
        requireReadable();
        for (int crossed = 0; crossed < count; ) {
            if (index == 0) {
                block = 0;
                throw new TapeException(name, name + ": beginning of tape after " + crossed + " of " + count
                        + " filemarks backward");
            }
            index--;
            if (entries.get(index) == FILEMARK_ENTRY) {
                crossed++;
                file--;
            }
        }
        block = 0;
        for (int i = index - 1; i >= 0 && entries.get(i) != FILEMARK_ENTRY; i--) {
            block++;
        }
    }

    @Override
    public void rewind() throws IOException {
        requireOpen();
        index = 0;
        file = 0;
        block = 0;
    }

    @Override
    public void goToEndOfData() throws IOException {
        requireOpen();
        while (index < entries.size()) {
            if (entries.get(index++) == FILEMARK_ENTRY) {
                file++;
                block = 0;
            } else {
                block++;
            }
        }
    }

    @Override
    public TapePosition position() {
        return new TapePosition(file, block);
    }

    @Override
    public DriveStatus status() {
        return new DriveStatus(!closed, index == 0, index >= entries.size(), pastEarlyWarning(), false);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Reopens a closed mock, as after reloading the tape: rewound, contents and faults kept. */
    public MockTapeDevice reopen() {
        closed = false;
        index = 0;
        file = 0;
        block = 0;
        return this;
    }

    private boolean pastEarlyWarning() {
        return earlyWarningAfter >= 0 && recordsWritten >= earlyWarningAfter;
    }

    private long recordCount() {
        return entries.stream().filter(e -> e != FILEMARK_ENTRY).count();
    }

    private void truncateAfterHere() {
        entries.subList(index, entries.size()).clear();
    }

    private int indexOf(TapePosition at) {
        long f = 0;
        long b = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) == FILEMARK_ENTRY) {
                f++;
                b = 0;
            } else {
                if (f == at.file() && b == at.block()) {
                    return i;
                }
                b++;
            }
        }
        throw new IllegalArgumentException(name + " has no record at " + at);
    }

    private void requireOpen() throws TapeException {
        if (closed) {
            throw new TapeException(name, name + ": device is closed");
        }
    }

    private void requireReadable() throws TapeException {
        if (failReadsAfter >= 0 && recordsRead >= failReadsAfter) {
            throw new TapeException(name, name + ": drive failed at " + position() + " (injected fault)");
        }
    }
}
