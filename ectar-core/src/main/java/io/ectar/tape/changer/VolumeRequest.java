package io.ectar.tape.changer;


/**
 * A volume of a tape set a reader needs.
 *
 * @param setId the set, or null for "whichever set the first matching cartridge holds" (before the set is known)
 * @param tape the tape index
 * @param volume the volume sequence number, or {@link #LAST} for the tape's last volume (which holds the
 *     catalog); unknown before the catalog is read
 * @param slot where the catalog says it was loaded from, or null
 * @param barcode its barcode as the catalog recorded it, or null
 */
public record VolumeRequest(String setId, int tape, int volume, String slot, String barcode) {

    /** {@link #volume()} for "the tape's last volume". */
    public static final int LAST = 0;

    /** Whether {@code label} is the volume asked for (the highest is chosen among several for {@link #LAST}). */
    public boolean matches(io.ectar.tape.TapeLabel label) {
        return label != null && (setId == null || label.setId().equals(setId)) && label.tape() == tape
                && (volume == LAST || label.volume() == volume);
    }

    /** "tape 1 volume 3 of set ..." for messages and operator prompts. */
    public String describe() {
        return "tape " + tape + (volume == LAST ? " (its last volume)" : " volume " + volume) + (setId != null ? " of set " + setId : "")
                + (barcode != null ? ", barcode " + barcode : "") + (slot != null ? ", slot " + slot : "");
    }
}
