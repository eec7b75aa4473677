/**
 * Replay: answering an MCP client from a recorded tape, as a stand-in server.
 *
 * <p>API: {@link io.shadowcat.replay.ReplaySession} (the transport-neutral engine: one client session, its
 * messages in, the server's out through a {@link io.shadowcat.replay.ReplayChannel}),
 * {@link io.shadowcat.replay.ReplayServer} (the stdio transport), {@link io.shadowcat.replay.ReplayOptions},
 * {@link io.shadowcat.replay.MatchMode} and {@link io.shadowcat.replay.ReplayStats}. The HTTP transport
 * ({@code shadowcat-http}) drives the same engine. The session model and the matchers (one per
 * {@code MatchMode}) are package-private: a new matching rule is a {@code Matcher} here and a
 * {@code MatchMode} value.
 */
package io.shadowcat.replay;
