package io.ectar.tape;

import java.io.IOException;

/** The tape set as a whole cannot go on: too few drives left, tapes of different sets, too few tapes. */
public final class RaitException extends IOException {

    public RaitException(String message) {
        super(message);
    }
}
