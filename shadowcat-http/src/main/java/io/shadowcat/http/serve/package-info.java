/**
 * Replay over HTTP: a tape served as a Streamable HTTP and legacy HTTP+SSE MCP server on one port, every
 * session driven by shadowcat-core's transport-neutral {@link io.shadowcat.replay.ReplaySession}. API:
 * {@link io.shadowcat.http.serve.HttpReplayServer}; the rest is package-private.
 */
package io.shadowcat.http.serve;
