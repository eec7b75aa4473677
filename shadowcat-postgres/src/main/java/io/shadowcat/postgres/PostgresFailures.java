package io.shadowcat.postgres;

import com.zaxxer.hikari.pool.HikariPool;
import io.shadowcat.storage.StorageException;
import java.sql.SQLException;

/**
 * Turns a driver or pool failure into one storage error naming the server, what was being done and what to
 * do. The driver's messages never hold the password; the URL in {@link PostgresSettings#where} holds none.
 */
final class PostgresFailures {

    private PostgresFailures() {
    }

    static StorageException translate(PostgresSettings settings, String action, Throwable e) {
        if (e instanceof HikariPool.PoolInitializationException && e.getCause() != null) {
            e = e.getCause();
        }
        SQLException sql = e instanceof SQLException s ? s : null;
        // Hikari reports a connection it could not get as an SQLException whose cause is the driver's
        if (sql != null && sql.getSQLState() == null && sql.getCause() instanceof SQLException inner) {
            sql = inner;
        }
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        String detail = (sql != null ? sql : e).getMessage();
        if (detail == null) {
            detail = e.getClass().getSimpleName();
        }
        String where = "postgres server " + settings.where();
        // 08004 is the driver's own refusal to authenticate (the server asked for a password it does not have)
        boolean noPassword = state.equals("08004") && detail.toLowerCase(java.util.Locale.ROOT).contains("password");
        if (state.equals("28P01") || state.equals("28000") || noPassword) {
            return new StorageException(where + " refused the credentials while " + action + " (" + detail
                    + "): check the user setting and the password, which came from " + settings.passwordFrom(), e);
        }
        if (state.equals("3D000")) {
            return new StorageException(where + ": the database does not exist (" + detail + ") while " + action
                    + ": create it (createdb), or fix the url setting", e);
        }
        if (state.startsWith("08")) {
            return new StorageException(where + " is unreachable while " + action + " (" + detail
                    + "): start it, or fix the url setting", e);
        }
        if (state.startsWith("57P")) { // admin or crash shutdown, or starting up
            return new StorageException(where + " is shutting down or restarting while " + action + " (" + detail
                    + "): start it, or wait until it accepts connections; a live recording retries by itself", e);
        }
        if (state.equals("42501")) {
            return new StorageException(where + ": the user may not do this while " + action + " (" + detail
                    + "): grant it the rights on the schema, or use another schema setting", e);
        }
        if (state.equals("53300")) {
            return new StorageException(where + " has no connection left while " + action + " (" + detail
                    + "): raise its max_connections, or lower pool_size", e);
        }
        return new StorageException("postgres error while " + action + " on " + settings.where() + ": " + detail, e);
    }
}
