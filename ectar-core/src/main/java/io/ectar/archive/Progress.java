package io.ectar.archive;

/**
 * Receives progress of a long operation, in bytes. Called from the working thread; implementations must
 * be cheap (a terminal bar redraws at most a few times a second).
 */
public interface Progress {

    /** Ignores everything. */
    Progress NONE = new Progress() {
        @Override
        public void start(String what, long totalBytes) {
        }

        @Override
        public void advance(long bytes) {
        }

        @Override
        public void finish() {
        }
    };

    /** A phase begins; {@code totalBytes} is -1 when unknown. */
    void start(String what, long totalBytes);

    /** {@code bytes} more bytes are done. */
    void advance(long bytes);

    /** The phase is over. */
    void finish();
}
