/**
 * Replay: answering an MCP client from a recorded tape, as a stand-in server.
 *
 * <p>API: {@link io.shadowcat.replay.ReplayServer}, {@link io.shadowcat.replay.ReplayOptions},
 * {@link io.shadowcat.replay.MatchMode} and {@link io.shadowcat.replay.ReplayStats}. The session model and the
 * matchers (one per {@code MatchMode}) are package-private: a new matching rule is a {@code Matcher} here and a
 * {@code MatchMode} value.
 */
package io.shadowcat.replay;
