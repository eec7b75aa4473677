package io.ectar.tape.changer;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where the drives of a tape set get their cartridges: a media changer, an emulated library or an
 * operator. Drive {@code drive} is the drive's position in the set's drive list (the i-th
 * {@code --tape-devices} entry). Implementations are thread-safe: every drive of a set calls them from its
 * own thread, and a library robot does one move at a time.
 *
 * <p>Writing asks {@link #offer} for cartridges until {@link CartridgeCheck} accepts one; reading asks
 * {@link #fetch} for the volumes it needs. Either way {@link #release} gives the cartridge back.
 */
public interface VolumeSource extends Closeable {

    /** What this source is, for messages: "changer /dev/sg3 (mtx)", "emulated library DIR". */
    String describe();

    /**
     * Loads a cartridge this source has not offered before into drive {@code drive} and opens it to be
     * written as volume {@code volume} of that drive's tape.
     *
     * @return the cartridge, or null when no cartridge is left to offer
     * @throws ChangerException when this cartridge could not be loaded; the next call offers another
     */
    Cartridge offer(int drive, int volume) throws IOException;

    /**
     * Loads the cartridge holding {@code wanted} into drive {@code drive} and opens it to be read.
     *
     * @return the cartridge, or null when this source does not have it (the volume is missing)
     */
    Cartridge fetch(int drive, VolumeRequest wanted) throws IOException;

    /**
     * Whether this source may have {@code wanted}: false only when it knows it has not (an emulated library
     * reads its cartridges' labels; a changer or an operator cannot tell without loading).
     */
    default boolean mayHave(VolumeRequest wanted) throws IOException {
        return true;
    }

    /** Closes the cartridge's device and takes it out of the drive (back to its slot, for a changer). */
    void release(int drive, Cartridge cartridge) throws IOException;

    /** Nothing to release by default. */
    @Override
    default void close() throws IOException {
    }
}
