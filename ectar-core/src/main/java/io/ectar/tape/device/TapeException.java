package io.ectar.tape.device;

import java.io.IOException;

/** A tape device failed. The message names the device and, where known, the position. */
public class TapeException extends IOException {

    private final String device;

    /** @param message the whole message, which names the device */
    public TapeException(String device, String message) {
        super(message);
        this.device = device;
    }

    /** @param message the whole message, which names the device */
    public TapeException(String device, String message, Throwable cause) {
        super(message, cause);
        this.device = device;
    }

    /** The device's path or name. */
    public String device() {
        return device;
    }
}
