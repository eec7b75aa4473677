package io.ectar.tape.device;

/**
 * The same tape device was named twice, under one name or two (a link, a relative path): each tape must be
 * given once. The message names both arguments.
 */
public final class DeviceGivenTwiceException extends TapeException {

    DeviceGivenTwiceException(String device, String message) {
        super(device, message);
    }
}
