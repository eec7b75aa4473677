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
        if (e instanceof JedisConnectionException && causedBy(e, javax.net.ssl.SSLException.class)) {
            return new StorageException("redis server " + where + " failed the TLS handshake while " + action + " ("
                    + rootMessage(e) + "): set tls_ca_file to the CA that signed its certificate (which must name"
                    + " the url's host), or use redis:// if the server does not speak TLS", e);
        }
        if (e instanceof JedisConnectionException) {
            return new StorageException("redis server " + where + " is unreachable while " + action + " ("
                    + detail + "): start it, or fix the url setting"
                    + (settings.tls() ? "" : " (rediss:// if it speaks TLS only)"), e);
        }
        if (e instanceof JedisDataException && detail.startsWith("OOM")) {
            return new StorageException("redis server " + where + " is out of memory while " + action
                    + ": raise its maxmemory, or delete tapes", e);
        }
        return new StorageException("redis error while " + action + " on " + where + ": " + detail, e);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
