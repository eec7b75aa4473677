package io.shadowcat.postgres;

import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.support.BatchingTapeWriter;
import io.shadowcat.tape.TapeHeader;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A live postgres tape: the batching is {@link BatchingTapeWriter}'s; each batch is one transaction on the
 * writer's own connection with the tape's row (its lines numbered from where the row says it ends, so a
 * batch resent after a commit that did go through is recognised and not inserted twice). That connection
 * holds the tape's advisory lock until the tape finishes: if the process dies, the server drops the
 * connection and the lock, and readers report the tape as an error.
 *
 * <p>Every field is owned by this object's monitor (see the base class).
 */
final class PostgresTapeWriter extends BatchingTapeWriter {

    private final PostgresTapeStore store;
    private Connection connection; // null after finish, or while reconnecting failed
    private long key;
    private int nextN = 1; // line 0 is the init line, written with the row

    PostgresTapeWriter(PostgresTapeStore store, TapeHeader header) throws IOException {
        super(header, store.settings().batchFrames(), store.settings().batchInterval());
        this.store = store;
    }

    long firstLineBytes() {
        return committedBytes();
    }

    synchronized void attach(Connection c, long tapeKey) {
        this.connection = c;
        this.key = tapeKey;
    }

    @Override
    protected boolean send(Batch b) {
        try {
            Connection c = connection();
            if (c == null) {
                return false;
            }
            if (!store.commit(c, key, nextN, b.row(), b.bytes(), b.lines())) {
                return false;
            }
        } catch (SQLException e) {
            dropConnectionIfBroken();
            throw PostgresFailures.translate(store.settings(), "committing recorded frames of tape " + id(), e);
        } catch (RuntimeException e) {
            dropConnectionIfBroken();
            throw e;
        }
        nextN += b.lines().size();
        if (b.last()) {
            release();
        }
        return true;
    }

    @Override
    protected StorageException lost() {
        return new StorageException("tape " + id() + " in postgres storage " + store.settings().where()
                + " is no longer this writer's (it was deleted, or another session holds its lock); what was"
                + " committed is kept, the rest of this recording is not");
    }

    @Override
    protected void done() {
        release();
        store.forget(this);
    }

    // The writer's connection; a broken one is replaced and the lock taken again; null when another took it.
    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = store.connect("reconnecting to record tape " + id());
            if (!store.tryLock(c, key)) {
                PostgresTapeStore.closeQuietly(c);
                return null;
            }
            connection = c;
        }
        return connection;
    }

    private void dropConnectionIfBroken() {
        try {
            if (connection != null && !connection.isValid(2)) {
                PostgresTapeStore.closeQuietly(connection);
                connection = null;
            }
        } catch (SQLException e) {
            connection = null;
        }
    }

    private void release() {
        Connection c = connection;
        connection = null;
        if (c == null) {
            return;
        }
        try {
            store.unlock(c, key);
        } catch (SQLException ignored) {
            // closing the connection lets go of the lock anyway
        }
        PostgresTapeStore.closeQuietly(c);
    }
}
