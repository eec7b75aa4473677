/**
 * Copying tapes between two storages ({@link io.shadowcat.storage.migrate.TapeMigration}) and the content
 * digest that proves a copy equal to its source ({@link io.shadowcat.storage.migrate.TapeDigest}).
 */
package io.shadowcat.storage.migrate;
