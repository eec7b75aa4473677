/**
 * Not API: may change without notice. Helpers the tape formats ({@code io.shadowcat.tape}) and the meta codec
 * ({@code io.shadowcat.storage.support.TapeMetaJson}) share, so that both files read a field the same way.
 * Public only because Java has no "visible to these two packages"; providers must not use it.
 */
package io.shadowcat.tape.internal;
