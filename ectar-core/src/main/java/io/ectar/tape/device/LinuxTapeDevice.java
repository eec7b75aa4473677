package io.ectar.tape.device;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tape drive of the Linux SCSI tape driver ({@code st}), opened through its non-rewinding device
 * {@code /dev/nstN}.
 *
 * <p>The drive is put in variable-block mode ({@code MTSETBLK 0}) unless a fixed block size is asked
 * for; every record is one {@code write()} or {@code read()} call. Spacing, rewinding and going to end
 * of data are {@code MTIOCTOP} operations; status and position come from {@code MTIOCGET} and
 * {@code MTIOCPOS}. The driver reports the end-of-medium early warning by failing one write with
 * {@code ENOSPC} and letting the next one through, so a write that meets {@code ENOSPC} is retried once
 * and reported as past early warning; a second {@code ENOSPC} is the physical end of the tape.
 *
 * <p>A rewinding device ({@code /dev/stN}) is refused: it rewinds on every close, so a multi-file
 * archive written through it would be overwritten file by file.
 */
public final class LinuxTapeDevice implements TapeDevice {

    private static final int ST_MAJOR = 9;
    private static final int ST_NO_REWIND_MINOR_BIT = 0x80;
    private static final Pattern REWINDING_NAME = Pattern.compile("st\\d+[lma]?");

    private final String name;
    private final int fd;
    private final boolean writable;
    private Memory buffer = new Memory(64 * 1024);
    private boolean earlyWarning;
    private boolean closed;

    private LinuxTapeDevice(String name, int fd, boolean writable) {
        this.name = name;
        this.fd = fd;
        this.writable = writable;
    }

    /** Opens a drive in variable-block mode. */
    public static LinuxTapeDevice open(Path device) throws IOException {
        return open(device, 0);
    }

    /**
     * Opens a drive, read-write when the tape allows it, else read-only.
     *
     * @param fixedBlockSize the fixed block size to set, or 0 for variable-size records
     * @throws NotATapeDeviceException when the path is not a tape drive, or is a rewinding one
     */
    public static LinuxTapeDevice open(Path device, int fixedBlockSize) throws IOException {
        Objects.requireNonNull(device, "device");
        if (fixedBlockSize < 0) {
            throw new IllegalArgumentException("block size must be >= 0, got " + fixedBlockSize);
        }
        String name = device.toString();
        refuseRewinding(device);
        if (!Files.exists(device)) {
            throw new TapeException(name, "no such tape device: " + name);
        }
        int fd;
        boolean writable = true;
        try {
            fd = LibC.INSTANCE.open(name, LibC.O_RDWR);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EACCES || e.getErrorCode() == LibC.EROFS) {
                fd = openReadOnly(name);
                writable = false;
            } else if (e.getErrorCode() == LibC.EISDIR) {
                throw NotATapeDeviceException.notATape(name);
            } else {
                throw failure(name, "cannot open", e);
            }
        }
        LinuxTapeDevice drive = new LinuxTapeDevice(name, fd, writable);
        try {
            drive.mtget();
        } catch (TapeException e) {
            drive.close();
            if (e.getCause() instanceof LastErrorException le
                    && (le.getErrorCode() == LibC.ENOTTY || le.getErrorCode() == LibC.EINVAL)) {
                throw NotATapeDeviceException.notATape(name);
            }
            throw e;
        }
        try {
            drive.op(Mtio.MTSETBLK, fixedBlockSize);
        } catch (IOException e) {
            drive.close();
            throw e;
        }
        return drive;
    }

    private static int openReadOnly(String name) throws TapeException {
        try {
            return LibC.INSTANCE.open(name, LibC.O_RDONLY);
        } catch (LastErrorException e) {
            throw failure(name, "cannot open", e);
        }
    }

    /** Refuses {@code /dev/stN} by name, and any st device whose minor number says "rewind on close". */
    static void refuseRewinding(Path device) throws NotATapeDeviceException {
        String name = device.toString();
        Path fileName = device.getFileName();
        boolean rewinding = fileName != null && REWINDING_NAME.matcher(fileName.toString()).matches();
        if (!rewinding && Files.exists(device)) {
            try {
                Object rdev = Files.getAttribute(device, "unix:rdev");
                Object mode = Files.getAttribute(device, "unix:mode");
                boolean charDevice = ((Integer) mode & 0170000) == 0020000;
                long dev = ((Number) rdev).longValue();
                long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
                long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
                rewinding = charDevice && major == ST_MAJOR && (minor & ST_NO_REWIND_MINOR_BIT) == 0;
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                // No unix attributes here: the name check above is all we can do.
            }
        }
        if (rewinding) {
            String suggestion = fileName != null && REWINDING_NAME.matcher(fileName.toString()).matches()
                    ? device.resolveSibling("n" + fileName).toString() : "/dev/nstN";
            throw new NotATapeDeviceException(name, name + " is a rewinding tape device: it rewinds on every"
                    + " close, so later tape files would overwrite earlier ones; use " + suggestion);
        }
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
        if (!writable) {
            throw new TapeException(name, name + ": the tape is write-protected");
        }
        Memory staging = bufferOf(length);
        staging.write(0, data, offset, length);
        for (int attempt = 0; ; attempt++) {
            try {
                long n = LibC.INSTANCE.write(fd, staging, new NativeLong(length)).longValue();
                if (n != length) {
                    throw new TapeException(name, name + ": short write of " + n + " of " + length
                            + " bytes at " + positionOrUnknown());
                }
                return earlyWarning;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.ENOSPC && attempt == 0) {
                    // st fails the first write past early warning and lets the next one through.
                    earlyWarning = true;
                    continue;
                }
                if (e.getErrorCode() == LibC.ENOSPC) {
                    throw new TapeFullException(name, positionOrBot());
                }
                throw failure(name, "write failed at " + positionOrUnknown(), e);
            }
        }
    }

    @Override
    public void writeFilemarks(int count) throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("filemark count must be >= 0, got " + count);
        }
        if (count > 0) {
            op(Mtio.MTWEOF, count);
        }
    }

    @Override
    public int readRecord(byte[] into) throws IOException {
        requireOpen();
        Memory staging = bufferOf(into.length);
        long n;
        try {
            n = LibC.INSTANCE.read(fd, staging, new NativeLong(into.length)).longValue();
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.ENOMEM) {
                throw new RecordTooLargeException(name, positionOrBot(), into.length);
            }
            if (e.getErrorCode() == LibC.EIO && atEndOfData()) {
                return END_OF_DATA;
            }
            throw new MediumErrorException(name, positionOrBot(), "read failed: " + errno(e));
        }
        if (n == 0) {
            return atEndOfData() ? END_OF_DATA : FILEMARK;
        }
        staging.read(0, into, 0, (int) n);
        return (int) n;
    }

    @Override
    public void spaceForwardFiles(int count) throws IOException {
        if (count > 0) {
            op(Mtio.MTFSF, count);
        }
    }

    @Override
    public void spaceBackFiles(int count) throws IOException {
        if (count > 0) {
            op(Mtio.MTBSF, count);
        }
    }

    @Override
    public void rewind() throws IOException {
        op(Mtio.MTREW, 1);
        earlyWarning = false;
    }

    @Override
    public void goToEndOfData() throws IOException {
        op(Mtio.MTEOM, 1);
    }

    @Override
    public TapePosition position() throws IOException {
        Mtio.MtGet get = mtget();
        if (get.mt_fileno < 0 || get.mt_blkno < 0) {
            throw new TapeException(name, name + ": the driver lost track of the position (file "
                    + get.mt_fileno + ", block " + get.mt_blkno + "); rewind the tape");
        }
        return new TapePosition(get.mt_fileno, get.mt_blkno);
    }

    /** The drive's logical block address ({@code MTIOCPOS}): records and filemarks from the start. */
    public long logicalBlock() throws IOException {
        requireOpen();
        Mtio.MtPos pos = new Mtio.MtPos();
        try {
            LibC.INSTANCE.ioctl(fd, new NativeLong(Mtio.MTIOCPOS), pos);
        } catch (LastErrorException e) {
            throw failure(name, "MTIOCPOS failed", e);
        }
        pos.read();
        return pos.mt_blkno.longValue();
    }

    @Override
    public DriveStatus status() throws IOException {
        long gstat = mtget().mt_gstat.longValue();
        return new DriveStatus(
                (gstat & Mtio.GMT_ONLINE) != 0,
                (gstat & Mtio.GMT_BOT) != 0,
                (gstat & Mtio.GMT_EOD) != 0,
                earlyWarning || (gstat & Mtio.GMT_EOT) != 0,
                !writable || (gstat & Mtio.GMT_WR_PROT) != 0);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            LibC.INSTANCE.close(fd);
        } catch (LastErrorException e) {
            throw failure(name, "close failed (data may not be on tape)", e);
        }
    }

    private boolean atEndOfData() throws IOException {
        return (mtget().mt_gstat.longValue() & Mtio.GMT_EOD) != 0;
    }

    private Mtio.MtGet mtget() throws TapeException {
        requireOpen();
        Mtio.MtGet get = new Mtio.MtGet();
        try {
            LibC.INSTANCE.ioctl(fd, new NativeLong(Mtio.MTIOCGET), get);
        } catch (LastErrorException e) {
            throw failure(name, "MTIOCGET failed", e);
        }
        get.read();
        return get;
    }

    private void op(short operation, int count) throws TapeException {
        requireOpen();
        Mtio.MtOp op = new Mtio.MtOp(operation, count);
        op.write();
        try {
            LibC.INSTANCE.ioctl(fd, new NativeLong(Mtio.MTIOCTOP), op);
        } catch (LastErrorException e) {
            throw failure(name, "tape operation " + operation + " (count " + count + ") failed at "
                    + positionOrUnknown(), e);
        }
    }

    private Memory bufferOf(int size) {
        if (buffer.size() < size) {
            buffer.close();
            buffer = new Memory(size);
        }
        return buffer;
    }

    private String positionOrUnknown() {
        try {
            return position().toString();
        } catch (IOException e) {
            return "an unknown position";
        }
    }

    private TapePosition positionOrBot() {
        try {
            return position();
        } catch (IOException e) {
            return TapePosition.BOT;
        }
    }

    private void requireOpen() throws TapeException {
        if (closed) {
            throw new TapeException(name, name + ": device is closed");
        }
    }

    private static TapeException failure(String name, String what, LastErrorException e) {
        return new TapeException(name, name + ": " + what + ": " + errno(e), e);
    }

    private static String errno(LastErrorException e) {
        return switch (e.getErrorCode()) {
            case LibC.ENOENT -> "no such device (ENOENT)";
            case LibC.EIO -> "input/output error (EIO)";
            case LibC.ENXIO -> "no such device or address (ENXIO)";
            case LibC.EACCES -> "permission denied (EACCES)";
            case LibC.EBUSY -> "device busy (EBUSY): is another program using the drive?";
            case LibC.ENOMEDIUM -> "no tape loaded (ENOMEDIUM)";
            case LibC.ENOSPC -> "end of medium (ENOSPC)";
            default -> "errno " + e.getErrorCode();
        };
    }
}
