package io.ectar.tape.changer;

import java.io.IOException;

/** The changer (or the operator's command) could not do what was asked: the message names it and the slot. */
public final class ChangerException extends IOException {

    public ChangerException(String message) {
        super(message);
    }

    public ChangerException(String message, Throwable cause) {
        super(message, cause);
    }
}
