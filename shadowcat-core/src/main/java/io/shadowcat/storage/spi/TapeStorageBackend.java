package io.shadowcat.storage.spi;

import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import io.shadowcat.storage.HealthStatus;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.query.SearchHit;
import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.StorageNotFoundException;
import io.shadowcat.storage.StorageStats;
import io.shadowcat.storage.TapeExistsException;
import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.TapeSummary;

/**
 * Where tapes live. Implementations are blocking and thread-safe; one instance is shared by every
 * recording and reader of a process. Create instances through a {@link StorageProviderFactory}, normally
 * via {@code StorageRegistry}.
 *
 * <p>Every provider must pass the conformance suite in {@code shadowcat-testkit}
 * ({@code io.shadowcat.testkit.TapeStorageConformance}). Besides what each method says, it holds a provider to
 * this contract:
 *
 * <ul>
 *   <li><b>Frame order.</b> A tape's frame {@code seq} values strictly increase (gaps allowed):
 *       {@link #save} and {@link TapeWriter#append(Frame)} refuse a frame whose seq is not greater than the
 *       previous one with an {@link IllegalArgumentException}, best the {@link io.shadowcat.tape.FrameOrderException}
 *       that {@link io.shadowcat.tape.FrameOrder} throws, and store nothing of a refused {@code save}.
 *   <li><b>Counters.</b> {@link #save} recounts a tape's stats (frame counts per direction, errors,
 *       correlations, duration, size) and performance from what it stores; the ones in the given metadata are
 *       ignored. A writer's counters are the frames appended.
 *   <li><b>Closed.</b> After {@link #close} every other method throws {@link IllegalStateException};
 *       {@code close} again does nothing. Open writers are finalized by {@code close}.
 *   <li><b>Errors.</b> {@link TapeNotFoundException} for an id that is not stored, {@link TapeExistsException}
 *       from {@link #openWriter} for one that is, {@link StorageNotFoundException} when a storage opened with
 *       {@link OpenMode#EXISTING} does not exist; other failures are a {@link StorageException} whose message
 *       names the tape and what to do. Ids are {@link TapeId}s: hostile ones never reach a provider.
 *   <li><b>Threads.</b> Every method may be called from many threads at once (the kit runs 100 recordings
 *       with concurrent readers); {@link #streamFrames} of a 1,000,000-frame tape runs in bounded memory.
 *   <li><b>Verbatim.</b> Messages come back as stored: each frame's {@link io.shadowcat.tape.Frame#text()}
 *       byte for byte (numbers, escapes, key order and whitespace as written), and its parsed form with ids
 *       keeping their JSON type, numbers their digits, unknown fields. A provider that keeps messages in its
 *       own columns stores the text, not a re-serialized tree (the kit checks {@code 1e2}, {@code -0},
 *       {@code \u00e9} and the like).
 * </ul>
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
