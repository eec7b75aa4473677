package io.ectar.tape.changer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code mtx status} says about a changer: its drives (data transfer elements) and slots (storage
 * elements, import/export ones marked). The formats seen from real autoloaders and libraries are in the
 * test resources ({@code mtx-status/}): volume tags with or without spaces around {@code =}, drives loaded
 * from a known or an unknown slot, slots numbered from 0 or 1, trailing blanks.
 *
 * @param drives the drives in element order
 * @param slots the storage slots, import/export ones included
 */
public record MtxStatus(List<Drive> drives, List<Slot> slots) {

    private static final Pattern DRIVE = Pattern.compile(
            "Data Transfer Element (\\d+):(Full|Empty)(?: \\((?:Storage Element (\\d+)|Unknown Storage Element) Loaded\\))?"
                    + "(?::VolumeTag\\s*=\\s*(\\S*))?.*");
    private static final Pattern SLOT = Pattern.compile(
            "Storage Element (\\d+)( IMPORT/EXPORT)?:(Full|Empty)(?:\\s*:VolumeTag\\s*=\\s*(\\S*))?.*");

    public MtxStatus {
        drives = List.copyOf(drives);
        slots = List.copyOf(slots);
    }

    /**
     * A drive.
     *
     * @param number the drive number mtx uses ({@code load SLOT DRIVE})
     * @param full whether a cartridge is in it
     * @param source the slot it was loaded from, when the changer knows
     * @param barcode the loaded cartridge's volume tag, or null
     */
    public record Drive(int number, boolean full, Integer source, String barcode) {
    }

    /**
     * A storage slot.
     *
     * @param number the slot number mtx uses
     * @param importExport whether it is a mail slot (an operator's door), which ectar never loads from
     * @param full whether a cartridge is in it
     * @param barcode the cartridge's volume tag, or null
     */
    public record Slot(int number, boolean importExport, boolean full, String barcode) {

        /** Whether the barcode marks a cleaning cartridge (LTO: {@code CLNnnnLn}). */
        public boolean cleaning() {
            return barcode != null && barcode.startsWith("CLN");
        }
    }

    /**
     * Parses the output of {@code mtx -f DEVICE status}.
     *
     * @throws IllegalArgumentException when it lists no drive at all (not mtx status output)
     */
    public static MtxStatus parse(String output) {
        List<Drive> drives = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            Matcher d = DRIVE.matcher(line);
            if (d.matches()) {
                drives.add(new Drive(Integer.parseInt(d.group(1)), d.group(2).equals("Full"),
                        d.group(3) == null ? null : Integer.valueOf(d.group(3)), tag(d.group(4))));
                continue;
            }
            Matcher s = SLOT.matcher(line);
            if (s.matches()) {
                slots.add(new Slot(Integer.parseInt(s.group(1)), s.group(2) != null, s.group(3).equals("Full"),
                        tag(s.group(4))));
            }
        }
        if (drives.isEmpty()) {
            throw new IllegalArgumentException("not mtx status output (no \"Data Transfer Element\" line): "
                    + output.lines().findFirst().orElse("(empty)"));
        }
        return new MtxStatus(drives, slots);
    }

    private static String tag(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** Drive {@code number}, if the changer has it. */
    public Optional<Drive> drive(int number) {
        return drives.stream().filter(d -> d.number() == number).findFirst();
    }

    /** Slot {@code number}, if the changer has it. */
    public Optional<Slot> slot(int number) {
        return slots.stream().filter(s -> s.number() == number).findFirst();
    }

    /** The first empty storage slot (not import/export) in {@code range}, if any. */
    public Optional<Slot> firstEmpty(SlotRange range) {
        return slots.stream().filter(s -> !s.full() && !s.importExport() && SlotRange.allows(range, s.number()))
                .findFirst();
    }
}
