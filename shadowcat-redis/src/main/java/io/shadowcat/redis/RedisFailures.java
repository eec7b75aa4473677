package io.shadowcat.redis;

import io.shadowcat.storage.StorageException;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/** Turns a Jedis failure into one storage error naming the server, what was being done and what to do. */
final class RedisFailures {

    private RedisFailures() {
    }

    static StorageException translate(RedisSettings settings, String action, JedisException e) {
        String where = settings.where();
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof JedisAccessControlException || detail.startsWith("NOAUTH") || detail.startsWith("WRONGPASS")
                || detail.contains("invalid password")) {
            return new StorageException("redis server " + where + " refused the credentials while " + action
                    + ": check the password setting (and the user in url)", e);
        }
        if (detail.contains("DB index is out of range")) {
            return new StorageException("redis server " + where + " has no database " + settings.database() + " ("
                    + detail + ") while " + action + ": use a database setting (or url path) below the server's"
                    + " databases count, 16 by default", e);
        }
        if (e instanceof JedisConnectionException) {
            return new StorageException("redis server " + where + " is unreachable while " + action + " ("
                    + detail + "): start it, or fix the url setting", e);
        }
        if (e instanceof JedisDataException && detail.startsWith("OOM")) {
            return new StorageException("redis server " + where + " is out of memory while " + action
                    + ": raise its maxmemory, or delete tapes", e);
        }
        return new StorageException("redis error while " + action + " on " + where + ": " + detail, e);
    }
}
