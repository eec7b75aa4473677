/**
 * The {@code encryption} storage layer: tapes stored as age files (X25519 recipients), readable with the
 * stock {@code age} CLI. See {@link io.shadowcat.storage.layer.encryption.EncryptionLayer} for the stored form.
 */
package io.shadowcat.storage.layer.encryption;
