package io.ectar.tape.device;

/** The path exists but is not a usable tape drive: the tape ioctls are refused, or it rewinds on close. */
public final class NotATapeDeviceException extends TapeException {

    NotATapeDeviceException(String device, String message) {
        super(device, message);
    }

    static NotATapeDeviceException notATape(String device) {
        return new NotATapeDeviceException(device, "not a tape device: " + device
                + " (give a non-rewinding drive /dev/nstN or a tape image FILE.tap)");
    }
}
