/**
 * Recording: relaying an MCP session over stdio unchanged while appending its messages to a tape.
 */
package io.shadowcat.recorder;
