/**
 * Replay: answering an MCP client from a recorded tape, as a stand-in server.
 */
package io.shadowcat.replay;
