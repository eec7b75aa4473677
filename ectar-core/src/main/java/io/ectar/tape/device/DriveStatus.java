package io.ectar.tape.device;

/**
 * What a drive reports about itself and its tape.
 *
 * @param online a tape is loaded and ready
 * @param beginningOfTape the tape is at its beginning
 * @param endOfData the tape is at the end of recorded data
 * @param earlyWarning the tape is past its early-warning point, close to the physical end
 * @param writeProtected the tape cannot be written
 */
public record DriveStatus(boolean online, boolean beginningOfTape, boolean endOfData, boolean earlyWarning,
        boolean writeProtected) {
}
