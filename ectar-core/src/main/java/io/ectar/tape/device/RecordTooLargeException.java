package io.ectar.tape.device;

/** A record is larger than the buffer given to read it. */
public final class RecordTooLargeException extends TapeException {

    RecordTooLargeException(String device, TapePosition at, int bufferSize) {
        super(device, device + ": record at " + at + " is larger than the " + bufferSize
                + "-byte read buffer; was the tape written with a larger block size?");
    }
}
