package io.ectar.tape.device;

/** A record could not be read (the drive's error correction gave up); the tape is past that record. */
public final class MediumErrorException extends TapeException {

    MediumErrorException(String device, TapePosition at, String detail) {
        super(device, device + ": unreadable record at " + at + ": " + detail);
    }
}
