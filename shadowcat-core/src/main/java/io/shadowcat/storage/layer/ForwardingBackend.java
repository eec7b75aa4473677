package io.shadowcat.storage.layer;

import io.shadowcat.storage.HealthStatus;
import io.shadowcat.storage.StorageStats;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A layer's backend that passes every call to the one it wraps; a layer overrides what it changes. Every
 * method is forwarded, the interface's defaults too ({@code header}, {@code streamCorrelations},
 * {@code saveAll}), so a provider's efficient versions are kept under any stack of layers.
 */
public abstract class ForwardingBackend implements LayeredBackend {

    /** The backend below. */
    protected final TapeStorageBackend inner;

    protected ForwardingBackend(TapeStorageBackend inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public final TapeStorageBackend inner() {
        return inner;
    }

    @Override
    public String providerName() {
        return inner.providerName();
    }

    @Override
    public void save(Tape tape) {
        inner.save(tape);
    }

    @Override
    public void saveAll(List<Tape> tapes) {
        inner.saveAll(tapes);
    }

    @Override
    public Tape load(TapeId id) {
        return inner.load(id);
    }

    @Override
    public TapeHeader header(TapeId id) {
        return inner.header(id);
    }

    @Override
    public Stream<Correlation> streamCorrelations(TapeId id) {
        return inner.streamCorrelations(id);
    }

    @Override
    public Stream<Frame> streamFrames(TapeId id) {
        return inner.streamFrames(id);
    }

    @Override
    public TapeWriter openWriter(TapeHeader header) {
        return inner.openWriter(header);
    }

    @Override
    public boolean delete(TapeId id) {
        return inner.delete(id);
    }

    @Override
    public boolean exists(TapeId id) {
        return inner.exists(id);
    }

    @Override
    public Page<TapeSummary> list(TapeQuery query) {
        return inner.list(query);
    }

    @Override
    public Page<SearchHit> search(SearchQuery query) {
        return inner.search(query);
    }

    @Override
    public StorageStats stats() {
        return inner.stats();
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        return inner.capabilities();
    }

    @Override
    public HealthStatus health() {
        return inner.health();
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + inner + ")";
    }
}
