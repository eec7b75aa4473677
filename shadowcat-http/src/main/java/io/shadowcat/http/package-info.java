/**
 * Shadowcat over HTTP: recording MCP sessions that speak Streamable HTTP or the legacy HTTP+SSE transport
 * through a reverse proxy, and replaying tapes as an HTTP MCP server. Built on Jetty 12 (server and
 * client); no HTTP is parsed by hand.
 */
package io.shadowcat.http;
