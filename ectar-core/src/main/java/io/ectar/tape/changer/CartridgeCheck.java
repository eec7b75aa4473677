package io.ectar.tape.changer;

import io.ectar.tape.RaitException;
import io.ectar.tape.TapeLabel;
import io.ectar.tape.device.TapeDevice;
import io.ectar.tape.internal.FilemarkReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule every cartridge goes through before a new volume is written on it, whatever source it came
 * from: it must be writable and blank. A cartridge that already belongs to this set, holds another set,
 * holds anything else or is write-protected is refused, with the reason, and the next one is taken.
 */
public final class CartridgeCheck {

    private static final Logger LOG = LoggerFactory.getLogger(CartridgeCheck.class);

    private CartridgeCheck() {
    }

    /**
     * Why {@code cartridge} must not get a volume of set {@code setId}, or null when it may: it is writable
     * and blank. Leaves the tape rewound.
     */
    public static String refusal(Cartridge cartridge, String setId) throws IOException {
        TapeDevice device = cartridge.device();
        if (device.status().writeProtected()) {
            return "it is write-protected";
        }
        FilemarkReader.FirstRecord first = FilemarkReader.readFirstRecord(device);
        device.rewind();
        int n = first.length();
        if (n == TapeDevice.END_OF_DATA) {
            return null;
        }
        TapeLabel label;
        try {
            label = n > 0 ? TapeLabel.decode(first.bytes(), n) : null;
        } catch (IOException e) {
            label = null;
        }
        if (label == null) {
            return "it holds data that is not an ectar tape set (erase it to use it)";
        }
        if (label.setId().equals(setId)) {
            return "it already belongs to this set (" + label + ")";
        }
        return "it holds another tape set (" + label + "; erase it to reuse it)";
    }

    /**
     * Asks {@code source} for cartridges until one passes {@link #refusal}, giving the refused ones back.
     * A cartridge the changer fails to load is passed over too.
     *
     * @param volume the volume the cartridge is for
     * @param refused collects one line per cartridge passed over, for the report
     * @throws RaitException when the source runs out of cartridges
     */
    public static Cartridge loadForWriting(VolumeSource source, int drive, int volume, String setId,
            List<String> refused)
            throws IOException {
        List<String> here = new ArrayList<>();
        while (true) {
            Cartridge cartridge;
            try {
                cartridge = source.offer(drive, volume);
            } catch (ChangerException e) {
                note(here, refused, "drive " + drive + ": " + e.getMessage());
                continue;
            }
            if (cartridge == null) {
                throw new RaitException("drive " + drive + ": no usable cartridge left in " + source.describe()
                        + (here.isEmpty() ? "" : " (passed over: " + String.join("; ", here) + ")")
                        + "; add blank cartridges (or widen --slots) and write the set again");
            }
            String why;
            try {
                why = refusal(cartridge, setId);
            } catch (IOException e) {
                why = "it cannot be read (" + e.getMessage() + ")";
            }
            if (why == null) {
                return cartridge;
            }
            note(here, refused, "refused " + cartridge.describe() + ": " + why);
            source.release(drive, cartridge);
        }
    }

    private static void note(List<String> here, List<String> refused, String line) {
        LOG.warn("{}", line);
        here.add(line);
        synchronized (refused) {
            refused.add(line);
        }
    }
}
