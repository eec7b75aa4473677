package io.ectar.tape.device;

/** The tape reached its physical end: the record was not written. */
public final class TapeFullException extends TapeException {

    TapeFullException(String device, TapePosition at) {
        super(device, device + ": tape full (physical end of medium) at " + at);
    }
}
