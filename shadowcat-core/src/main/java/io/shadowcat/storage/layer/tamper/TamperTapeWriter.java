package io.shadowcat.storage.layer.tamper;

import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.storage.support.StorageState;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/** A live chained tape: each frame goes down with its chain value; finish signs the checkpoint first. */
final class TamperTapeWriter implements TapeWriter {

    private final TamperBackend backend;
    private final TapeWriter inner;
    private final KeyPair key;
    private final ReentrantLock lock = new ReentrantLock();
    private final HashChain chain;
    private TapeHeader header;
    private TapeSummary finished;

    TamperTapeWriter(TamperBackend backend, TapeWriter inner, TapeHeader header, KeyPair key) {
        this.backend = backend;
        this.inner = inner;
        this.header = header;
        this.key = key;
        this.chain = HashChain.start(header);
    }

    @Override
    public TapeId id() {
        return inner.id();
    }

    @Override
    public void append(Frame frame) {
        lock.lock();
        try {
            ensureOpen();
            byte[] value = chain.peek(frame);
            inner.append(ChainedFrames.withChain(frame, value)); // refused (seq order): the chain stays as it was
            chain.advance(frame, value);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void append(Correlation correlation) {
        lock.lock();
        try {
            ensureOpen();
            inner.append(correlation);
            chain.accept(correlation);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void updateHeader(TapeHeader newHeader) {
        StorageState.requireSameTape(id(), newHeader);
        lock.lock();
        try {
            ensureOpen();
            inner.updateHeader(newHeader);
            header = newHeader;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flush() {
        inner.flush(); // the provider's writer makes flush safe against a concurrent append
    }

    @Override
    public Optional<Duration> durabilityWindow() {
        return inner.durabilityWindow();
    }

    @Override
    public OptionalLong durableFrames() {
        return inner.durableFrames();
    }

    @Override
    public TapeSummary finish(TapeStatus status) {
        lock.lock();
        try {
            if (finished != null) {
                return finished;
            }
            try {
                SignedCheckpoint cp = SignedCheckpoint.sign(id().value(), chain, Instant.now(), key);
                inner.updateHeader(header.withMetadata(TamperBackend.withChecksum(header.metadata(), cp.text())));
            } finally {
                finished = inner.finish(status);
                backend.done(this);
            }
            return finished;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        finish(TapeStatus.FINALIZED);
    }

    private void ensureOpen() {
        if (finished != null) {
            throw StorageState.finishedWriter(id());
        }
    }
}
