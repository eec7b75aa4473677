package io.ectar.tape.changer;

import io.ectar.tape.device.TapeDevice;
import java.util.Objects;

/**
 * A cartridge loaded in a drive, opened.
 *
 * @param device the drive with the cartridge in it
 * @param slot the changer slot it came from, or null (an operator's cartridge)
 * @param barcode its barcode (volume tag), or null when unknown
 */
public record Cartridge(TapeDevice device, String slot, String barcode) {

    public Cartridge {
        Objects.requireNonNull(device, "device");
    }

    /** "slot 5 (barcode ECT005L9) in /dev/nst0", for messages. */
    public String describe() {
        String where = slot == null ? "the cartridge" : "slot " + slot;
        return where + (barcode != null ? " (barcode " + barcode + ")" : "") + " in " + device.name();
    }
}
