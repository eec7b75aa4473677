/**
 * The tape model (tape, frame, correlation, metadata) and its file formats: JSON Lines v2 and the legacy
 * monolithic JSON tape.
 */
package io.shadowcat.tape;
