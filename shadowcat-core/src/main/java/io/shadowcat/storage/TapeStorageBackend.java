package io.shadowcat.storage;

import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
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

    /** Stores a whole tape, replacing any tape with the same id. */
    void save(Tape tape);

    /** Loads a whole tape into memory. @throws TapeNotFoundException when absent */
    Tape load(TapeId id);

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
