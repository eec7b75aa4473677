package io.shadowcat.storage;

import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where tapes live. Implementations are blocking and thread-safe; one instance is shared by every
 * recording and reader of a process. Create instances through a {@link StorageProviderFactory}, normally
 * via {@code StorageRegistry}.
 *
 * <p>Every provider must pass the conformance suite in {@code shadowcat-testkit}.
 */
public interface TapeStorageBackend extends AutoCloseable {

    /** The name of the provider that created this backend, e.g. {@code filesystem}. */
    String providerName();

    /**
     * Stores a whole tape, replacing any tape with the same id. Frames, correlations and the header are
     * stored as given; the counters ({@code stats}, {@code performance}) are counted by the backend from
     * what it stores. Refused (with a {@link StorageException}) while the id is being recorded.
     */
    void save(Tape tape);

    /**
     * Stores several tapes, as {@link #save} does each; a bulk import's unit of work. Providers with
     * transactions should write them in one (the default saves them one by one).
     */
    default void saveAll(List<Tape> tapes) {
        tapes.forEach(this::save);
    }

    /** Loads a whole tape into memory. @throws TapeNotFoundException when absent */
    Tape load(TapeId id);

    /**
     * A tape's header and metadata without its frames. The default loads the whole tape; providers
     * should override it.
     *
     * @throws TapeNotFoundException when absent
     */
    default TapeHeader header(TapeId id) {
        return load(id).header();
    }

    /**
     * Streams a tape's correlations in the order they were recorded; close the stream. The default loads
     * the whole tape; providers should override it.
     *
     * @throws TapeNotFoundException when absent
     */
    default Stream<Correlation> streamCorrelations(TapeId id) {
        return load(id).correlations().stream();
    }

    /** Streams a tape's frames in order without loading the tape whole; close the stream. */
    Stream<Frame> streamFrames(TapeId id);

    /** Starts a new live tape. @throws TapeExistsException when the id is taken */
    TapeWriter openWriter(TapeHeader header);

    /** Deletes a tape; false when there was none. */
    boolean delete(TapeId id);

    boolean exists(TapeId id);

    /** Lists tapes matching the filters, newest first. */
    Page<TapeSummary> list(TapeQuery query);

    /** Searches tapes, best match first. */
    Page<SearchHit> search(SearchQuery query);

    StorageStats stats();

    Set<ProviderCapability> capabilities();

    HealthStatus health();

    /** Flushes and releases resources; open writers are finalized. Idempotent. */
    @Override
    void close();
}
