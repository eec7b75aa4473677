package io.ectar.tape.changer;

import io.ectar.tape.TapeLabel;
import io.ectar.tape.device.TapeDevice;
import io.ectar.tape.internal.FilemarkReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A media changer (autoloader, library) driven through the standard {@code mtx} tool: {@code mtx -f DEVICE
 * status}, {@code load SLOT DRIVE}, {@code unload SLOT DRIVE}. Drive i of the set is changer drive i and
 * the i-th {@code --tape-devices} entry. Only storage slots in {@code --slots} are used; import/export
 * slots and cleaning cartridges ({@code CLN...}) never are.
 */
public final class MtxChanger implements VolumeSource {

    private static final Logger LOG = LoggerFactory.getLogger(MtxChanger.class);

    /** Opens the drive once a cartridge is loaded in it. */
    @FunctionalInterface
    public interface DriveOpener {
        TapeDevice open(int drive, boolean forReading) throws IOException;
    }

    private final String mtx;
    private final String changer;
    private final SlotRange slots;
    private final DriveOpener drives;
    private final Set<Integer> offered = new HashSet<>();
    private final Map<Integer, Integer> loadedFrom = new HashMap<>();

    /**
     * @param mtx the mtx command ("mtx", or a path)
     * @param changer the changer device ({@code /dev/sgN}, {@code /dev/sch0})
     * @param slots the slots the set may use, or null for all
     */
    public MtxChanger(String mtx, String changer, SlotRange slots, DriveOpener drives) {
        this.mtx = mtx;
        this.changer = changer;
        this.slots = slots;
        this.drives = drives;
    }

    @Override
    public String describe() {
        return "changer " + changer + " (mtx)";
    }

    /** Runs {@code mtx status} and parses it. */
    public synchronized MtxStatus status() throws IOException {
        return MtxStatus.parse(run("status"));
    }

    @Override
    public synchronized Cartridge offer(int drive, int volume) throws IOException {
        MtxStatus status = status();
        emptyDrive(status, drive);
        for (MtxStatus.Slot s : status().slots()) {
            if (s.full() && !s.importExport() && !s.cleaning() && SlotRange.allows(slots, s.number())
                    && offered.add(s.number())) {
                return load(s, drive, false);
            }
        }
        return null;
    }

    @Override
    public synchronized Cartridge fetch(int drive, VolumeRequest wanted) throws IOException {
        MtxStatus status = status();
        emptyDrive(status, drive);
        status = status();
        // Where the catalog says first (barcode, then slot), then every other slot, reading labels.
        List<MtxStatus.Slot> order = new ArrayList<>();
        status.slots().stream().filter(s -> s.barcode() != null && s.barcode().equals(wanted.barcode()))
                .forEach(order::add);
        status.slots().stream().filter(s -> wanted.slot() != null && String.valueOf(s.number()).equals(wanted.slot()))
                .forEach(order::add);
        order.addAll(status.slots());
        Set<Integer> tried = new HashSet<>();
        MtxStatus.Slot bestSlot = null;
        int bestVolume = 0;
        for (MtxStatus.Slot s : order) {
            if (!s.full() || s.importExport() || s.cleaning() || !SlotRange.allows(slots, s.number())
                    || !tried.add(s.number())) {
                continue;
            }
            Cartridge c;
            try {
                c = load(s, drive, true);
            } catch (ChangerException e) {
                LOG.warn("{}", e.getMessage());
                continue;
            }
            FilemarkReader.FirstRecord first = FilemarkReader.readFirstRecord(c.device());
            TapeLabel label = first.length() > 0 ? TapeLabel.decode(first.bytes(), first.length()) : null;
            if (wanted.matches(label) && wanted.volume() != VolumeRequest.LAST) {
                return c;
            }
            if (wanted.matches(label) && label.volume() > bestVolume) {
                // For the last volume every candidate is seen: the highest is loaded again below.
                bestVolume = label.volume();
                bestSlot = s;
            }
            release(drive, c);
        }
        return bestSlot == null ? null : load(bestSlot, drive, true);
    }

    @Override
    public synchronized void release(int drive, Cartridge cartridge) throws IOException {
        cartridge.device().close();
        Integer slot = loadedFrom.remove(drive);
        if (slot != null) {
            run("unload", String.valueOf(slot), String.valueOf(drive));
        }
    }

    private Cartridge load(MtxStatus.Slot slot, int drive, boolean forReading) throws IOException {
        try {
            run("load", String.valueOf(slot.number()), String.valueOf(drive));
        } catch (ChangerException e) {
            throw new ChangerException(describe() + ": loading slot " + slot.number() + " into drive " + drive
                    + " failed: " + e.getMessage(), e);
        }
        loadedFrom.put(drive, slot.number());
        try {
            return new Cartridge(drives.open(drive, forReading), String.valueOf(slot.number()), slot.barcode());
        } catch (IOException | RuntimeException e) {
            loadedFrom.remove(drive);
            run("unload", String.valueOf(slot.number()), String.valueOf(drive));
            throw e;
        }
    }

    /** Unloads whatever the drive holds, to the slot it came from or the first empty one. */
    private void emptyDrive(MtxStatus status, int drive) throws IOException {
        MtxStatus.Drive d = status.drive(drive).orElseThrow(() -> new ChangerException(describe() + " has no drive "
                + drive + " (" + status.drives().size() + " drives): give one --tape-devices entry per changer drive"));
        if (d.full()) {
            Integer to = d.source() != null ? d.source()
                    : status.firstEmpty(null).map(MtxStatus.Slot::number).orElseThrow(() -> new ChangerException(
                            describe() + ": drive " + drive + " is full and no slot is empty to unload it into"));
            LOG.info("{}: unloading drive {} into slot {}", describe(), drive, to);
            run("unload", String.valueOf(to), String.valueOf(drive));
        }
    }

    private String run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(mtx, "-f", changer));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new ChangerException("cannot run " + mtx + " (" + e.getMessage() + "): install mtx (Debian: apt-get"
                    + " install mtx) or give its path", e);
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            int exit = p.waitFor();
            if (exit != 0) {
                throw new ChangerException(String.join(" ", command) + " exited with " + exit + ": " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running " + String.join(" ", command));
        }
        return out;
    }

    @Override
    public synchronized void close() {
        loadedFrom.clear();
    }
}
