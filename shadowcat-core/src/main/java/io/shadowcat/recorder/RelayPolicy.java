package io.shadowcat.recorder;

/**
 * Whether the threads that relay a session's messages may wait for its recording. Either way a message is
 * relayed whatever happens to its recording, and one that cannot be queued is counted as lost.
 */
public enum RelayPolicy {
    /**
     * The relay waits while the storage is more than its durability window behind, at most
     * {@link RecordingOptions#maxRelayWait()}: the session slows down so that a crash loses no more than the
     * window. Right where the relay threads are the session's own (stdio).
     */
    WAIT_WITHIN_WINDOW,
    /**
     * The relay never waits: a storage behind its window lets the queue grow to its bounds
     * ({@link RecordingOptions#queueCapacity()}, {@link RecordingOptions#queueMaxBytes()}), past which
     * messages are dropped from the tape. Right where the relay threads are shared by every session (HTTP),
     * so that one slow storage cannot hold them all.
     */
    NEVER_WAIT
}
