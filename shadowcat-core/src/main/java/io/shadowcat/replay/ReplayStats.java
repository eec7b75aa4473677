package io.shadowcat.replay;

/**
 * What a replay did.
 *
 * @param requests requests received from the client
 * @param unmatched requests answered with error {@value ReplayServer#NO_RECORDING}
 * @param emitted server-initiated messages (notifications, requests) sent from the tape
 */
public record ReplayStats(long requests, long unmatched, long emitted) {
}
