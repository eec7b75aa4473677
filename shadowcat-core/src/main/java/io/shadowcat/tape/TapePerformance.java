package io.shadowcat.tape;

/**
 * Timing figures of a finished tape, from its correlations and frame rate.
 *
 * @param avgRttMs mean round-trip time of the correlated requests
 * @param maxRttMs longest round trip
 * @param minRttMs shortest round trip
 * @param messagesPerSecond frames per second of recording time
 */
public record TapePerformance(double avgRttMs, long maxRttMs, long minRttMs, double messagesPerSecond) {
}
