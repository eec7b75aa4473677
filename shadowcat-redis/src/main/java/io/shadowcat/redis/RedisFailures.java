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
                    + " the url's host)" + (settings.tlsClient().isEmpty() ? ", tls_cert_file and tls_key_file if"
                    + " the server checks clients (tls-auth-clients)," : "") + " or use redis:// if the server"
                    + " does not speak TLS", e);
        }
        // TLS 1.3: a server that wants a client certificate ends the connection after the client's handshake
        // is done, so the client sees its first write fail rather than a handshake alert.
        if (e instanceof JedisConnectionException && settings.tls() && settings.tlsClient().isEmpty()
                && droppedAfterConnecting(e)) {
            return new StorageException("redis server " + where + " closed the TLS connection while " + action + " ("
                    + rootMessage(e) + "): if it checks clients (tls-auth-clients), set tls_cert_file and"
                    + " tls_key_file to a client certificate its CA signed", e);
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

    // A reset or broken pipe on a connection that was made (not refused, not timed out).
    private static boolean droppedAfterConnecting(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.SocketTimeoutException) {
                return false;
            }
            if (t instanceof java.net.SocketException || t instanceof java.io.EOFException
                    || (t instanceof JedisConnectionException && String.valueOf(t.getMessage())
                    .contains("Unexpected end of stream"))) {
                return true;
            }
        }
        return false;
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
