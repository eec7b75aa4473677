package io.ectar.cli;

import io.ectar.tape.changer.MtxChanger;
import io.ectar.tape.changer.OperatorVolumes;
import io.ectar.tape.changer.SimLibrary;
import io.ectar.tape.changer.SlotRange;
import io.ectar.tape.changer.VolumeSource;
import io.ectar.tape.device.SimhTapeImage;
import io.ectar.tape.device.TapeDevice;
import io.ectar.tape.device.TapeDevices;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    @Option(names = "--changer", paramLabel = "CHANGER",
            description = {"Where the drives get their cartridges when a set spans volumes: a media changer"
                    + " (/dev/sgN, driven through mtx; drive i is changer drive i and the i-th --tape-devices entry),"
                    + " or sim:DIR, an emulated library of SIMH images DIR/slot-NNN.tap."})
    String changer;

    @Option(names = "--slots", paramLabel = "RANGE",
            description = "The changer slots this set may use, e.g. 1-10,15 (default: every storage slot).")
    String slots;

    @Option(names = "--next-volume-command", paramLabel = "CMD",
            description = {"Without a changer: run CMD (sh -c) when a drive needs its next cartridge, with ECTAR_DRIVE,"
                    + " ECTAR_DEVICE, ECTAR_VOLUME, ECTAR_TAPE and ECTAR_SET set; exit 0 = the cartridge is in."
                    + " Default when interactive: ask on the terminal."})
    String nextVolumeCommand;

    @Option(names = "--mtx", paramLabel = "PATH", defaultValue = "mtx", hidden = true,
            description = "The mtx command (default: ${DEFAULT-VALUE}).")
    String mtx;

    /** Whether a changer was named. */
    boolean hasChanger() {
        return changer != null;
    }

    /**
     * Where the drives' next cartridges come from: the changer, else the operator's command, else the
     * terminal when there is one; null when none (a set then ends at early warning).
     */
    VolumeSource volumeSource() throws IOException {
        SlotRange range = slots == null ? null : SlotRange.parse(slots);
        SimhTapeImage.Options options = imageOptions();
        if (changer != null && changer.startsWith("sim:")) {
            List<Path> drives = devices.stream().map(d -> Path.of(d.strip())).toList();
            return new SimLibrary(Path.of(changer.substring(4)), drives, range, options);
        }
        if (changer != null) {
            return new MtxChanger(mtx, changer, range, (drive, forReading) -> forReading
                    ? TapeDevices.openForReading(devices.get(drive).strip(), options)
                    : TapeDevices.open(devices.get(drive).strip(), options));
        }
        OperatorVolumes.DriveOpener opener = (drive, forReading) -> forReading
                ? TapeDevices.openForReading(devices.get(drive).strip(), options)
                : TapeDevices.open(devices.get(drive).strip(), options);
        if (nextVolumeCommand != null) {
            return new OperatorVolumes(nextVolumeCommand, null, devices, opener);
        }
        if (System.console() != null) {
            return new OperatorVolumes(null, TapeDeviceOptions::askOnTerminal, devices, opener);
        }
        return null;
    }

    /** Prints the request on stderr and waits for Enter; "none" (or end of input) means there is no cartridge. */
    private static synchronized boolean askOnTerminal(String message) throws IOException {
        System.err.print("ectar: " + message + ", then press Enter (or type 'none'): ");
        System.err.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && !answer.strip().equalsIgnoreCase("none");
    }

    SimhTapeImage.Options imageOptions() {
        return new SimhTapeImage.Options(imageCapacity, imageEarlyWarning, imageRate);
    }

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
        SimhTapeImage.Options options = imageOptions();
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
