package io.ectar.cli;

import io.ectar.archive.VerifyReport;

/**
 * How an {@code ectar} command ended, and the exit code that says so. Every command ends with one status;
 * when several findings come together (a dropped drive and a failed read-back, damage and a glob that
 * matched nothing), the command exits with the {@link #worstOf worst} of them.
 *
 * <p>The constants are declared from least to most severe, by what the user must worry about most, not by
 * the number (the numbers are the documented exit codes, kept as they are):
 * <ol>
 *   <li>{@link #OK}: nothing to do.</li>
 *   <li>{@link #DAMAGED}: something is damaged but every byte asked for was recovered (or, with
 *       {@code extract --partial}, what was lost is listed): act soon, nothing is missing that was not
 *       named.</li>
 *   <li>{@link #USAGE}: the command line asked for something that is not so (a bad option, a {@code --files}
 *       glob that matched nothing): the run did not do what was meant, so it outranks damage that was
 *       recovered.</li>
 *   <li>{@link #FAILURE}: data not archived, not read back, lost or refused: the one outcome where bytes the
 *       user counts on may be gone, so it outranks everything.</li>
 * </ol>
 * A dropped drive (damaged) together with a read-back that failed is therefore a failure, exit code 1,
 * never 3 ("every byte recoverable").
 */
enum ExitStatus {

    /** Success: exit code 0. */
    OK(0),
    /** Damage found, but every requested byte recovered (or a {@code --partial} loss, listed): exit code 3. */
    DAMAGED(3),
    /** A usage error, or a {@code --files} glob that matched nothing (as GNU tar): exit code 2. */
    USAGE(2),
    /** An error: bad or unreadable input, unrecoverable data, a failed write or read-back: exit code 1. */
    FAILURE(1);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    /** What a verification found, as a status: lost data is a failure, recoverable damage is damage. */
    static ExitStatus of(VerifyReport.Status verified) {
        return switch (verified) {
            case OK -> OK;
            case DAMAGED -> DAMAGED;
            case UNRECOVERABLE -> FAILURE;
        };
    }

    /** The process exit code. */
    int code() {
        return code;
    }

    /** The more severe of this status and {@code other} (see the order above). */
    ExitStatus worstOf(ExitStatus other) {
        return other.compareTo(this) > 0 ? other : this;
    }
}
