/**
 * The {@code postgres} storage provider ({@link io.shadowcat.postgres.PostgresStorageProvider}); everything
 * else here is its implementation.
 */
package io.shadowcat.postgres;
