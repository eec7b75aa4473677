/**
 * The {@code tamper} storage layer: a SHA-256 hash chain over each tape's frames as written, and an
 * Ed25519-signed checkpoint at finalize; {@link io.shadowcat.storage.layer.tamper.TapeVerifier} checks them.
 */
package io.shadowcat.storage.layer.tamper;
