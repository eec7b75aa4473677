/**
 * Recording: relaying an MCP session over stdio unchanged while appending its messages to a tape.
 *
 * <p>API: {@link io.shadowcat.recorder.StdioRecorder} (normally made by {@code Shadowcat.recorder}),
 * {@link io.shadowcat.recorder.RecordingOptions}, {@link io.shadowcat.recorder.RecordingResult},
 * {@link io.shadowcat.recorder.Redactor} and {@link io.shadowcat.recorder.ChildProcessException}. The relay
 * threads, the capture queue and the recording thread are package-private.
 */
package io.shadowcat.recorder;
