package io.ectar.cli;

import io.ectar.tape.device.SimhTapeImage;
import io.ectar.tape.device.TapeDevice;
import io.ectar.tape.device.TapeDevices;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --tape-devices} and the tape-image emulation options, shared by every command that reads or
 * writes a tape set.
 */
final class TapeDeviceOptions {

    @Option(names = "--tape-devices", split = ",", paramLabel = "DEV",
            description = {"Tape drives (non-rewinding /dev/nstN) or tape images (FILE.tap; create makes missing ones, reading never does),"
                    + " comma-separated or repeated. Writing: drive i gets shard i of every chunk."
                    + " Reading: any K tapes of the set, in any order."})
    List<String> devices = new ArrayList<>();

    @Option(names = "--tape-image-rate", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Emulate a drive's speed: read and write each FILE.tap at most SIZE bytes per second"
                    + " (LTO-9: 400000000).")
    long imageRate;

    @Option(names = "--tape-image-capacity", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Emulate a tape's size: each FILE.tap is full at SIZE bytes.")
    long imageCapacity;

    @Option(names = "--tape-image-early-warning", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Emulate the end-of-tape early warning: FILE.tap images report it past SIZE bytes.")
    long imageEarlyWarning;

    /** Whether tapes were named. */
    boolean given() {
        return !devices.isEmpty();
    }

    /** Opens every device to write; on failure closes those already open. */
    List<TapeDevice> open() throws IOException {
        return open(false);
    }

    /**
     * Opens every device, each once (a device named twice is refused first); to read, images must exist
     * and are never created or changed. On failure closes those already open.
     */
    List<TapeDevice> open(boolean forReading) throws IOException {
        TapeDevices.requireDistinct(devices);
        SimhTapeImage.Options options = new SimhTapeImage.Options(imageCapacity, imageEarlyWarning, imageRate);
        List<TapeDevice> opened = new ArrayList<>();
        try {
            for (String device : devices) {
                opened.add(forReading ? TapeDevices.openForReading(device.strip(), options)
                        : TapeDevices.open(device.strip(), options));
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            TapeDevices.closeAfter(e, opened);
            throw e;
        }
    }
}
