package io.ectar.tape.internal;

import io.ectar.tape.TapeLabel;
import io.ectar.tape.changer.Cartridge;
import io.ectar.tape.changer.VolumeRequest;
import io.ectar.tape.changer.VolumeSource;
import io.ectar.tape.device.TapeDevice;
import io.ectar.tape.device.TapeDevices;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volumes (cartridges) of one tape index of a set being read, and how to get one into a drive: either
 * every volume was given at once (images, or drives holding them: any order, any subset), or one drive
 * loads them one after the other from a {@link VolumeSource}. A volume that cannot be had is a missing
 * volume: it costs that tape's shards of the chunks on it, nothing more.
 *
 * <p>Mounting is done by one thread at a time (the tape's reader thread, or the consumer while no stream
 * runs); {@link #mayHave} may be asked meanwhile (a loaded tape's methods are synchronized for that).
 */
public abstract sealed class TapeVolumes {

    private static final Logger LOG = LoggerFactory.getLogger(TapeVolumes.class);

    final int tape;

    TapeVolumes(int tape) {
        this.tape = tape;
    }

    /** Volumes given by hand: {@code byVolume} maps volume numbers to the devices holding them. */
    public static TapeVolumes given(int tape, Map<Integer, TapeDevice> byVolume) {
        return new Given(tape, byVolume);
    }

    /** Volumes loaded into drive {@code drive} from {@code source} as they are needed. */
    public static TapeVolumes loaded(int tape, String setId, VolumeSource source, int drive) {
        return new Loaded(tape, setId, source, drive);
    }

    /**
     * The device holding volume {@code volume}, ready to be positioned; null when it cannot be had (then
     * {@link #missing} says why).
     */
    public abstract TapeDevice mount(int volume, String slot, String barcode) throws IOException;

    /** Why volume {@code volume} is missing. */
    public abstract String missing(int volume);

    /** Whether volume {@code volume} may be had (false only when it is known to be missing). */
    public abstract boolean mayHave(int volume);

    /** "tape 1 (a.tap, b.tap)" or "tape 1 (drive 0 of emulated library DIR)". */
    public abstract String describe();

    /** Closes the devices (gives a loaded cartridge back). */
    public abstract void close() throws IOException;

    static final class Given extends TapeVolumes {
        private final Map<Integer, TapeDevice> byVolume;

        Given(int tape, Map<Integer, TapeDevice> byVolume) {
            super(tape);
            this.byVolume = new TreeMap<>(byVolume);
        }

        @Override
        public TapeDevice mount(int volume, String slot, String barcode) {
            return byVolume.get(volume);
        }

        @Override
        public String missing(int volume) {
            return "volume " + volume + " of tape " + tape + " was not given";
        }

        @Override
        public boolean mayHave(int volume) {
            return byVolume.containsKey(volume);
        }

        @Override
        public String describe() {
            List<String> names = new ArrayList<>();
            byVolume.forEach((v, d) -> names.add((byVolume.size() > 1 || v > 1 ? "volume " + v + " " : "")
                    + d.name()));
            return "tape " + tape + " " + String.join(", ", names);
        }

        @Override
        public void close() throws IOException {
            TapeDevices.closeAll(List.copyOf(byVolume.values()));
        }
    }

    static final class Loaded extends TapeVolumes {
        private final String setId;
        private final VolumeSource source;
        private final int drive;
        private final Map<Integer, String> missing = new TreeMap<>();
        private final Map<Integer, Boolean> sourceHas = new TreeMap<>();
        private Cartridge current;
        private int currentVolume;

        Loaded(int tape, String setId, VolumeSource source, int drive) {
            super(tape);
            this.setId = setId;
            this.source = source;
            this.drive = drive;
        }

        @Override
        public synchronized TapeDevice mount(int volume, String slot, String barcode) throws IOException {
            if (current != null && currentVolume == volume) {
                return current.device();
            }
            if (missing.containsKey(volume)) {
                return null;
            }
            release();
            VolumeRequest wanted = new VolumeRequest(setId, tape, volume, slot, barcode);
            Cartridge c = source.fetch(drive, wanted);
            if (c == null) {
                missing.put(volume, source.describe() + " does not have " + wanted.describe());
                LOG.warn("{}", missing.get(volume));
                return null;
            }
            FilemarkReader.FirstRecord first = FilemarkReader.readFirstRecord(c.device());
            TapeLabel label = first.length() > 0 ? TapeLabel.decode(first.bytes(), first.length()) : null;
            if (label == null || !label.setId().equals(setId) || label.tape() != tape || label.volume() != volume) {
                missing.put(volume, c.describe() + " was loaded for " + wanted.describe() + " but holds "
                        + (label == null ? "no ectar label" : label));
                LOG.warn("{}", missing.get(volume));
                source.release(drive, c);
                return null;
            }
            LOG.info("tape {}: reading volume {} from {}", tape, volume, c.describe());
            current = c;
            currentVolume = volume;
            return c.device();
        }

        @Override
        public synchronized String missing(int volume) {
            return missing.getOrDefault(volume, "volume " + volume + " of tape " + tape + " is not loaded");
        }

        @Override
        public synchronized boolean mayHave(int volume) {
            if (missing.containsKey(volume)) {
                return false;
            }
            if (current != null && currentVolume == volume) {
                return true;
            }
            return sourceHas.computeIfAbsent(volume, v -> {
                try {
                    return source.mayHave(new VolumeRequest(setId, tape, v, null, null));
                } catch (IOException e) {
                    return true; // the source cannot tell now: try when the volume is needed
                }
            });
        }

        @Override
        public String describe() {
            return "tape " + tape + " (drive " + drive + ", volumes from " + source.describe() + ")";
        }

        private void release() throws IOException {
            if (current != null) {
                Cartridge c = current;
                current = null;
                source.release(drive, c);
            }
        }

        @Override
        public synchronized void close() throws IOException {
            release();
        }
    }
}
