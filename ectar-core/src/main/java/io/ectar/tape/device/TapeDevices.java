package io.ectar.tape.device;

import io.ectar.internal.io.Closeables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Opens a tape device named on the command line: a path ending in {@code .tap} is a SIMH tape image
 * (created when missing), a character device or any path under {@code /dev/} is a Linux drive.
 */
public final class TapeDevices {

    private TapeDevices() {
    }

    /**
     * Opens {@code argument}.
     *
     * @param imageOptions how tape images emulate a drive (ignored for real drives)
     * @throws NotATapeDeviceException when the argument names neither a drive nor an image
     */
    public static TapeDevice open(String argument, SimhTapeImage.Options imageOptions) throws IOException {
        if (argument.isBlank()) {
            throw new NotATapeDeviceException(argument, "empty tape device name: give a drive /dev/nstN"
                    + " or a tape image FILE.tap");
        }
        Path path = Path.of(argument);
        if (isImage(argument)) {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new TapeException(argument, "cannot create tape image " + argument + ": directory "
                        + parent + " does not exist");
            }
            return SimhTapeImage.open(path, imageOptions);
        }
        if (argument.startsWith("/dev/") || isCharacterDevice(path)) {
            return LinuxTapeDevice.open(path);
        }
        throw NotATapeDeviceException.notATape(argument);
    }

    /**
     * Opens {@code argument} to read a tape set: an image must exist and is opened write-protected (reading
     * never creates or changes a tape); a drive opens as for {@link #open}.
     */
    public static TapeDevice openForReading(String argument, SimhTapeImage.Options imageOptions) throws IOException {
        if (!argument.isBlank() && isImage(argument)) {
            return SimhTapeImage.openForReading(Path.of(argument), imageOptions);
        }
        return open(argument, imageOptions);
    }

    /**
     * Refuses a device named twice (the same file under two names too): each tape must be given once.
     *
     * @throws DeviceGivenTwiceException naming the two arguments
     */
    public static void requireDistinct(List<String> arguments) throws IOException {
        java.util.Map<Path, String> seen = new java.util.HashMap<>();
        for (String argument : arguments) {
            Path path = Path.of(argument.strip()).toAbsolutePath().normalize();
            if (Files.exists(path)) {
                path = path.toRealPath();
            }
            String before = seen.putIfAbsent(path, argument.strip());
            if (before != null) {
                throw new DeviceGivenTwiceException(argument.strip(), before.equals(argument.strip())
                        ? before + " is given twice; give each tape once"
                        : before + " and " + argument.strip()
                                + " are the same tape, given twice; give each tape once");
            }
        }
    }

    /** Closes every device, all of them even when some fail; throws the first failure. */
    public static void closeAll(List<? extends TapeDevice> devices) throws IOException {
        Closeables.closeAll(devices);
    }

    /** Closes every device after {@code cause} made them useless; their own failures join the cause. */
    public static void closeAfter(Exception cause, List<? extends TapeDevice> devices) {
        try {
            closeAll(devices);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** Whether {@code argument} names a tape image rather than a drive. */
    public static boolean isImage(String argument) {
        return argument.toLowerCase(Locale.ROOT).endsWith(".tap");
    }

    private static boolean isCharacterDevice(Path path) {
        try {
            return ((Integer) Files.getAttribute(path, "unix:mode") & 0170000) == 0020000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
