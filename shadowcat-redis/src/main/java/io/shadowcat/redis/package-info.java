/**
 * The {@code redis} storage provider ({@link io.shadowcat.redis.RedisStorageProvider}); everything else here
 * is its implementation.
 */
package io.shadowcat.redis;
