package io.ectar.archive.internal.extract;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.ectar.archive.FileNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and sets a file's modification time exactly: any second (before 1970, after 2262) with all nine
 * nanosecond digits, on files, directories and symbolic links alike.
 *
 * <p>The JDK cannot: {@code BasicFileAttributeView.setTimes} turns the time into a {@code long} of
 * nanoseconds since 1970 (which stops at 1677 and 2262) and sets a symbolic link's time with
 * {@code lutimes}, in microseconds. On 64-bit Linux this calls {@code utimensat(2)} through JNA with the
 * exact seconds and nanoseconds instead, leaving the access time as it is ({@code UTIME_OMIT}); elsewhere,
 * or when the C library cannot be loaded, it falls back to the JDK. Reading, the JDK is exact except before
 * 1677 and after 2262, where it rounds to the microsecond: only such times are read again with
 * {@code statx(2)}.
 */
public final class ModificationTimes {

    private static final Logger LOG = LoggerFactory.getLogger(ModificationTimes.class);

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final long UTIME_OMIT = (1L << 30) - 2;

    /** The C library calls, or null where they are not to be used. */
    private static final Posix POSIX = load();

    private static final int STATX_MTIME = 0x40;
    private static final int STATX_SIZE = 256; // struct statx, the same on every Linux architecture
    private static final int STX_MTIME_OFFSET = 112;
    // Where the JDK's nanoseconds since 1970 (a long) end: beyond, it keeps microseconds only.
    private static final long JDK_EXACT_SECONDS = Long.MAX_VALUE / 1_000_000_000L - 1;

    /** {@code utimensat(2)}: {@code times} is {@code struct timespec[2]}, access then modification time. */
    interface Posix extends Library {
        int utimensat(int dirfd, byte[] path, long[] times, int flags) throws LastErrorException;

        /** {@code statx(2)}, into a {@code struct statx} of {@link #STATX_SIZE} bytes. */
        int statx(int dirfd, byte[] path, int flags, int mask, byte[] statx) throws LastErrorException;

        String strerror(int errno);
    }

    private ModificationTimes() {
    }

    /** Whether times are set exactly through {@code utimensat}, rather than through the JDK. */
    static boolean exact() {
        return POSIX != null;
    }

    /**
     * Sets the modification time of {@code p} itself (never of what a symbolic link points to).
     *
     * @throws IOException naming the file and the system's reason when the time cannot be set
     */
    public static void set(Path p, Instant mtime) throws IOException {
        if (POSIX == null) {
            Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.from(mtime), null, null);
            return;
        }
        byte[] name = FileNames.bytes(p);
        byte[] path = Arrays.copyOf(name, name.length + 1); // NUL-terminated
        long[] times = {0, UTIME_OMIT, mtime.getEpochSecond(), mtime.getNano()};
        try {
            POSIX.utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw new IOException(FileNames.printable(name) + ": cannot set its modification time: "
                    + POSIX.strerror(e.getErrorCode()));
        }
    }

    /**
     * The exact modification time of {@code p} itself (not of what a symbolic link points to), given the
     * JDK's reading of it: that one, unless it is beyond 1677-2262 and may have lost its nanoseconds.
     */
    public static Instant read(Path p, FileTime jdk) throws IOException {
        Instant t = jdk.toInstant();
        if (Math.abs(t.getEpochSecond()) < JDK_EXACT_SECONDS || POSIX == null) {
            return t;
        }
        byte[] name = FileNames.bytes(p);
        byte[] path = Arrays.copyOf(name, name.length + 1);
        byte[] statx = new byte[STATX_SIZE];
        try {
            POSIX.statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_MTIME, statx);
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            return t; // an old kernel or C library: the JDK's microseconds are the best there is
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(statx).order(java.nio.ByteOrder.nativeOrder());
        return Instant.ofEpochSecond(b.getLong(STX_MTIME_OFFSET), Integer.toUnsignedLong(b.getInt(STX_MTIME_OFFSET + 8)));
    }

    private static Posix load() {
        // struct timespec is two longs only where long has 64 bits (32-bit Linux has a 32-bit time_t)
        if (!Platform.isLinux() || Native.LONG_SIZE != 8) {
            return null;
        }
        try {
            return Native.load("c", Posix.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.debug("utimensat is not available ({}); times before 1970, after 2262 and below a"
                    + " microsecond are set as the JDK can", e.toString());
            return null;
        }
    }
}
