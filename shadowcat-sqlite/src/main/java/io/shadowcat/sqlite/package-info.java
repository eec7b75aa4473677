/**
 * The {@code sqlite} storage provider: tapes and frames in one SQLite database (WAL mode) with FTS5
 * full-text search, found through {@link java.util.ServiceLoader}.
 */
package io.shadowcat.sqlite;
