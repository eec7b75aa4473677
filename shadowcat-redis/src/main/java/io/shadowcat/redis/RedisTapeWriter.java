package io.shadowcat.redis;

import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.support.BatchingTapeWriter;
import io.shadowcat.tape.TapeHeader;
import java.io.IOException;

/**
 * A live redis tape: the batching is {@link BatchingTapeWriter}'s; each batch is one append script with the
 * tape's meta, applied once per batch number, which also renews the writer's claim on the tape. The
 * scheduler renews the claim between commits too (every {@code lease}/3); a claim that lapses (the process
 * died or hung) makes readers report the tape as an error.
 *
 * <p>Every field is owned by this object's monitor (see the base class).
 */
final class RedisTapeWriter extends BatchingTapeWriter {

    private final RedisTapeStore store;
    private final String token;
    private final long renewNanos;
    private long lastRenewal = System.nanoTime();

    RedisTapeWriter(RedisTapeStore store, TapeHeader header, String token) throws IOException {
        super(header, store.settings().batchFrames(), store.settings().batchInterval());
        this.store = store;
        this.token = token;
        this.renewNanos = store.settings().lease().toNanos() / 3;
    }

    @Override
    protected boolean send(Batch b) {
        return store.commit(id(), token, b.number(), b.row(), b.bytes(), b.lines(), b.last());
    }

    @Override
    protected void applied(Batch b) {
        lastRenewal = System.nanoTime();
    }

    @Override
    protected void idle(long now) {
        if (now - lastRenewal >= renewNanos) {
            lastRenewal = now;
            if (!store.renew(id(), token)) {
                abandon();
            }
        }
    }

    @Override
    protected StorageException lost() {
        return new StorageException("tape " + id() + " in redis storage " + store.settings().where()
                + " is no longer this writer's: its claim lapsed (the process was stalled longer than lease="
                + store.settings().lease() + ", or the server lost it) or the tape was removed; what was committed"
                + " is kept, the rest of this recording is not");
    }

    @Override
    protected void done() {
        store.forget(this);
        finished().ifPresent(store::expire);
    }
}
