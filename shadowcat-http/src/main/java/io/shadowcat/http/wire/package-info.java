/**
 * What the HTTP recorder and the HTTP replay server share: MCP's header names, the per-frame HTTP
 * transport metadata as stored on tapes, and server-sent events.
 */
package io.shadowcat.http.wire;
