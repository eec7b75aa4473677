package io.shadowcat.s3;

import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.support.BatchingTapeWriter;
import io.shadowcat.tape.TapeHeader;
import java.io.IOException;

/**
 * A live s3 tape: the batching is {@link BatchingTapeWriter}'s; each batch is one segment object, named by the
 * batch's number, so a resent batch overwrites itself and is never doubled. The claim on the tape (the
 * writer's token and a renewal time in the meta object and its index entry) is renewed every {@code lease}/3,
 * which also brings the listed counts up to date; a claim that lapses (the process died) makes readers report
 * the tape as an error.
 *
 * <p>Every field is owned by this object's monitor (see the base class).
 */
final class S3TapeWriter extends BatchingTapeWriter {

    private final S3TapeStore store;
    private final String token;
    private final String generation;
    private final long renewNanos;
    private long lastRenewal = System.nanoTime();
    private TapeHeader committedRow;

    S3TapeWriter(S3TapeStore store, TapeHeader header, String token, String generation) throws IOException {
        super(header, store.settings().batchFrames(), store.settings().batchInterval());
        this.store = store;
        this.token = token;
        this.generation = generation;
        this.renewNanos = store.settings().lease().toNanos() / 3;
        this.committedRow = header;
    }

    String token() {
        return token;
    }

    String generation() {
        return generation;
    }

    @Override
    protected boolean send(Batch b) {
        return store.commit(this, b);
    }

    @Override
    protected void applied(Batch b) {
        committedRow = b.row();
        renewIfDue(System.nanoTime());
    }

    @Override
    protected void idle(long now) {
        renewIfDue(now);
    }

    private void renewIfDue(long now) {
        if (now - lastRenewal >= renewNanos) {
            lastRenewal = now;
            if (!store.renew(this, committedRow, committedBytes())) {
                abandon();
            }
        }
    }

    @Override
    protected StorageException lost() {
        return new StorageException("tape " + id() + " in s3 storage " + store.settings().where()
                + " is no longer this writer's: its meta object was removed or taken by another writer (the process"
                + " was stalled longer than lease=" + store.settings().lease() + "?); what was written is kept,"
                + " the rest of this recording is not");
    }

    @Override
    protected void done() {
        store.forget(this);
    }
}
