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

    private ExitCode() {
    }
}
