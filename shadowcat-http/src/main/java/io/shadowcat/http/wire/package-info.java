/**
 * What the HTTP recorder and the HTTP replay server both need to agree on: the MCP header names, which
 * headers are secrets, Server-Sent Events as they cross the wire, and the per-frame HTTP metadata a tape
 * stores ({@link io.shadowcat.http.wire.HttpFrameTransport}). Internal to Shadowcat: no user or provider
 * author depends on it.
 */
package io.shadowcat.http.wire;
