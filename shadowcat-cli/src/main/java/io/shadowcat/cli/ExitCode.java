package io.shadowcat.cli;

/** The exit codes of every {@code shadowcat} command. */
final class ExitCode {

    /** Success. */
    static final int OK = 0;
    /** An error: unreadable or corrupt data, storage failure, a child process failed. */
    static final int FAILURE = 1;
    /** Bad command line or configuration: unknown option, invalid setting, unknown provider, bad tape id. */
    static final int USAGE = 2;
    /** The tape asked for does not exist. */
    static final int NOT_FOUND = 3;
    /**
     * {@code record --upstream}: every session was relayed, but at least one tape is missing messages (the
     * storage failed or fell behind) or could not be finished.
     */
    static final int INCOMPLETE_TAPE = 4;

    private ExitCode() {
    }
}
