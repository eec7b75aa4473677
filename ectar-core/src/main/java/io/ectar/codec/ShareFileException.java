package io.ectar.codec;

import java.io.IOException;

/**
 * A set of zfec share files that cannot be decoded as given: a header that does not parse, shares
 * that disagree on their parameters or lengths, a share given twice, or fewer than k shares.
 *
 * <p>The message names the offending share by its position in the caller's list (counting from 0) and,
 * when its header was readable, by its zfec share number, and says what to do about it.
 */
public class ShareFileException extends IOException {

    private final int position;

    /** A problem that is not tied to one share of the input list. */
    ShareFileException(String message) {
        this(message, -1);
    }

    /**
     * A problem with the share at {@code position} in the caller's list (-1 when no single share is at
     * fault).
     */
    ShareFileException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** The position in the caller's list of the offending share, or -1 when no single share is at fault. */
    public int position() {
        return position;
    }
}
