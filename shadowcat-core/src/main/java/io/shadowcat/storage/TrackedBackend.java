package io.shadowcat.storage;

import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.layer.LayeredBackend;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;

/** A backend created by a {@link StorageRegistry}: tells the registry, once, when it is closed. */
final class TrackedBackend implements LayeredBackend {

    private final TapeStorageBackend delegate;
    private final String instanceId;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    TrackedBackend(TapeStorageBackend delegate, String instanceId, Runnable onClose) {
        this.delegate = delegate;
        this.instanceId = instanceId;
        this.onClose = onClose;
    }

    @Override
    public TapeStorageBackend inner() {
        return delegate;
    }

    @Override
    public String providerName() {
        return delegate.providerName();
    }

    @Override
    public void save(Tape tape) {
        delegate.save(tape);
    }

    @Override
    public void saveAll(List<Tape> tapes) {
        delegate.saveAll(tapes);
    }

    @Override
    public Tape load(TapeId id) {
        return delegate.load(id);
    }

    @Override
    public TapeHeader header(TapeId id) {
        return delegate.header(id);
    }

    @Override
    public Stream<Correlation> streamCorrelations(TapeId id) {
        return delegate.streamCorrelations(id);
    }

    @Override
    public Stream<Frame> streamFrames(TapeId id) {
        return delegate.streamFrames(id);
    }

    @Override
    public TapeWriter openWriter(TapeHeader header) {
        return delegate.openWriter(header);
    }

    @Override
    public boolean delete(TapeId id) {
        return delegate.delete(id);
    }

    @Override
    public boolean exists(TapeId id) {
        return delegate.exists(id);
    }

    @Override
    public Page<TapeSummary> list(TapeQuery query) {
        return delegate.list(query);
    }

    @Override
    public Page<SearchHit> search(SearchQuery query) {
        return delegate.search(query);
    }

    @Override
    public StorageStats stats() {
        return delegate.stats();
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public HealthStatus health() {
        return delegate.health();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                delegate.close();
            } finally {
                onClose.run();
            }
        }
    }

    @Override
    public String toString() {
        return instanceId + " (" + delegate + ")";
    }
}
