package io.ectar.tape.changer;

import io.ectar.tape.TapeLabel;
import io.ectar.tape.device.SimhTapeImage;
import io.ectar.tape.device.TapeDevice;
import io.ectar.tape.internal.FilemarkReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An emulated tape library ({@code --changer sim:DIR}), for tests and demonstrations: DIR holds the
 * cartridges as SIMH images {@code slot-NNN.tap}; loading one into drive i moves the file to that drive's
 * path (the i-th {@code --tape-devices} entry), unloading moves it back, so a cartridge is in one place at a
 * time as in a real library.
 *
 * <p>Each cartridge behaves like a drive's tape as {@link SimhTapeImage.Options} say: the library's
 * default, overridden by {@code DIR/library.properties} ({@code capacity}, {@code early-warning},
 * {@code rate}, in bytes with an optional k/M/G or KiB/MiB/GiB suffix) and per cartridge by
 * {@code slot-NNN.capacity} and {@code slot-NNN.early-warning} there. An image without any write
 * permission bit is a write-protected cartridge; a file {@code slot-NNN.jammed} makes loading that slot fail,
 * to emulate a changer fault. {@code load-seconds} (a decimal number) emulates the robot's time per load:
 * the library does one move at a time, as a robot does, so drives that change together queue for it.
 */
public final class SimLibrary implements VolumeSource {

    private static final Logger LOG = LoggerFactory.getLogger(SimLibrary.class);
    private static final Pattern SLOT = Pattern.compile("slot-(\\d{3,})\\.tap");

    private final Path dir;
    private final List<Path> drives;
    private final SlotRange slots;
    private final Properties settings = new Properties();
    private final SimhTapeImage.Options defaults;
    private final Map<Integer, Integer> loaded = new HashMap<>();
    private final Set<Integer> offered = new HashSet<>();
    private final Map<Integer, TapeLabel> labels = new HashMap<>();

    /**
     * @param dir the library directory (created when missing)
     * @param drives the drives' image paths, in set order
     * @param slots the slots the set may use, or null for all
     * @param defaults how cartridges behave unless {@code library.properties} says otherwise
     * @throws ChangerException when a drive holds a cartridge and no slot is free to put it back
     */
    public SimLibrary(Path dir, List<Path> drives, SlotRange slots, SimhTapeImage.Options defaults)
            throws IOException {
        this.dir = dir;
        this.drives = List.copyOf(drives);
        this.slots = slots;
        this.defaults = defaults;
        Files.createDirectories(dir);
        Path props = dir.resolve("library.properties");
        if (Files.exists(props)) {
            try (InputStream in = Files.newInputStream(props)) {
                settings.load(in);
            }
        }
        for (Path drive : this.drives) {
            if (Files.exists(drive)) {
                // A cartridge left in a drive goes back to the first empty slot, as mtx unload does.
                int free = firstEmptySlot();
                LOG.info("emulated library {}: unloading {} to slot {}", dir, drive, free);
                move(drive, slotPath(free));
            }
        }
    }

    /** The image of slot {@code slot}. */
    public Path slotPath(int slot) {
        return dir.resolve(String.format(Locale.ROOT, "slot-%03d.tap", slot));
    }

    @Override
    public String describe() {
        return "emulated library " + dir;
    }

    @Override
    public synchronized Cartridge offer(int drive, int volume) throws IOException {
        for (int slot : occupiedSlots().keySet()) {
            if (!offered.add(slot)) {
                continue;
            }
            return load(slot, drive, false);
        }
        return null;
    }

    @Override
    public synchronized Cartridge fetch(int drive, VolumeRequest wanted) throws IOException {
        Integer best = find(wanted, occupiedSlots());
        return best == null ? null : load(best, drive, true);
    }

    /** Counts the cartridges in the drives too: they are in the library, only not in their slots now. */
    @Override
    public synchronized boolean mayHave(VolumeRequest wanted) throws IOException {
        TreeMap<Integer, Path> all = occupiedSlots();
        loaded.forEach((drive, slot) -> all.put(slot, drives.get(drive)));
        return find(wanted, all) != null;
    }

    /** The slot in {@code slots} holding {@code wanted} (the highest volume for {@link VolumeRequest#LAST}), or null. */
    private Integer find(VolumeRequest wanted, TreeMap<Integer, Path> slots) {
        Integer best = null;
        for (Map.Entry<Integer, Path> e : slots.entrySet()) {
            TapeLabel label = label(e.getKey(), e.getValue());
            if (wanted.matches(label) && (best == null || label.volume() > labels.get(best).volume())) {
                best = e.getKey();
            }
        }
        return best;
    }

    @Override
    public synchronized void release(int drive, Cartridge cartridge) throws IOException {
        cartridge.device().close();
        Integer slot = loaded.remove(drive);
        if (slot != null) {
            move(drives.get(drive), slotPath(slot));
        }
    }

    private Cartridge load(int slot, int drive, boolean forReading) throws IOException {
        if (loaded.containsKey(drive)) {
            throw new IllegalStateException("drive " + drive + " still holds slot " + loaded.get(drive));
        }
        String name = String.format(Locale.ROOT, "%03d", slot);
        if (Files.exists(dir.resolve("slot-" + name + ".jammed"))) {
            throw new ChangerException(describe() + ": loading slot " + slot + " into drive " + drive
                    + " failed (emulated jam: " + dir.resolve("slot-" + name + ".jammed") + ")");
        }
        emulateRobot();
        Path into = drives.get(drive);
        move(slotPath(slot), into);
        loaded.put(drive, slot);
        try {
            SimhTapeImage.Options options = optionsFor(name);
            TapeDevice device = forReading ? SimhTapeImage.openForReading(into, options)
                    : SimhTapeImage.open(into, options);
            return new Cartridge(device, String.valueOf(slot), null);
        } catch (IOException | RuntimeException e) {
            loaded.remove(drive);
            move(into, slotPath(slot));
            throw e;
        }
    }

    /** Waits as long as {@code load-seconds} says a load takes: emulated hardware time, like a throttle. */
    private void emulateRobot() throws IOException {
        String seconds = settings.getProperty("load-seconds");
        if (seconds == null) {
            return;
        }
        try {
            Thread.sleep((long) (Double.parseDouble(seconds.strip()) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("library.properties: load-seconds = " + seconds + " is not a number");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while the emulated robot loads a cartridge");
        }
    }

    private TapeLabel label(int slot, Path image) {
        if (!labels.containsKey(slot)) {
            TapeLabel label = null;
            try (SimhTapeImage tape = SimhTapeImage.openForReading(image, SimhTapeImage.Options.UNLIMITED)) {
                FilemarkReader.FirstRecord first = FilemarkReader.readFirstRecord(tape);
                label = first.length() > 0 ? TapeLabel.decode(first.bytes(), first.length()) : null;
            } catch (IOException e) {
                LOG.debug("slot {}: no readable label: {}", slot, e.getMessage());
            }
            labels.put(slot, label);
        }
        return labels.get(slot);
    }

    /** The slots that hold a cartridge, in order, within the allowed range. */
    private TreeMap<Integer, Path> occupiedSlots() throws IOException {
        TreeMap<Integer, Path> found = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = SLOT.matcher(p.getFileName().toString());
                if (m.matches() && SlotRange.allows(slots, Integer.parseInt(m.group(1)))) {
                    found.put(Integer.parseInt(m.group(1)), p);
                }
            }
        }
        return found;
    }

    private int firstEmptySlot() throws IOException {
        Set<Integer> taken = occupiedSlots().keySet();
        for (int s = 1; s < 100_000; s++) {
            if (SlotRange.allows(slots, s) && !taken.contains(s) && !Files.exists(slotPath(s))) {
                return s;
            }
        }
        throw new ChangerException(describe() + ": no empty slot to unload a drive into");
    }

    private SimhTapeImage.Options optionsFor(String slot) {
        long capacity = size("slot-" + slot + ".capacity", size("capacity", defaults.capacity()));
        long warning = size("slot-" + slot + ".early-warning", size("early-warning", defaults.earlyWarning()));
        long rate = size("rate", defaults.bytesPerSecond());
        return new SimhTapeImage.Options(capacity, warning, rate);
    }

    private long size(String key, long otherwise) {
        String v = settings.getProperty(key);
        return v == null ? otherwise : parseSize(v.strip(), key);
    }

    /** {@code 40M} = 40 000 000, {@code 40MiB} = 40 x 2^20; plain digits are bytes. */
    static long parseSize(String text, String key) {
        Matcher m = Pattern.compile("(\\d+)\\s*([kKMGT]?)(i?B?)").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("library.properties: " + key + " = " + text
                    + " is not a size (bytes, or with k/M/G or KiB/MiB/GiB)");
        }
        int power = "kKMGT".indexOf(m.group(2).isEmpty() ? "_" : m.group(2));
        int exp = power < 0 ? 0 : Math.max(1, power);
        long unit = m.group(3).startsWith("i") ? 1L << (10 * exp) : (long) Math.pow(1000, exp);
        return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Puts every loaded cartridge back. */
    @Override
    public synchronized void close() throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (Map.Entry<Integer, Integer> e : new HashMap<>(loaded).entrySet()) {
            try {
                move(drives.get(e.getKey()), slotPath(e.getValue()));
            } catch (IOException ex) {
                failures.add(ex);
            }
        }
        loaded.clear();
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
