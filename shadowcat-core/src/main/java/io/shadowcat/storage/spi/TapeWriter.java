package io.shadowcat.storage.spi;

import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import io.shadowcat.storage.TapeSummary;

/**
 * Appends to a live tape. The tape is readable (and listed with status {@code recording}) while it is
 * written; a crash loses at most what the provider's durability policy had not yet flushed.
 *
 * <p>One writer per tape. {@code append}, {@code finish} and {@code close} come from one thread at a time, but
 * {@link #flush} may be called from another thread while an {@code append} runs (the recorder syncs the tape
 * from its own thread), so an implementation must make {@code flush} safe against a concurrent append (the
 * built-in writers take one lock in both). {@link #close()} without {@link #finish} finalizes the tape.
 */
public interface TapeWriter extends AutoCloseable {

    TapeId id();

    /**
     * Appends a frame.
     *
     * @throws IllegalArgumentException (best a {@link io.shadowcat.tape.FrameOrderException}, from
     *     {@link io.shadowcat.tape.FrameOrder}) when its seq is not greater than the previous frame's; the frame
     *     is not stored and the writer stays usable
     * @throws IllegalStateException after {@link #finish} or {@link #close}, or once the backend is closed
     */
    void append(Frame frame);

    /** Records a request/response pair whose frames were appended. */
    void append(Correlation correlation);

    /**
     * Replaces the header fields that can change while recording (protocol version learned from
     * {@code initialize}, name, tags, description, transport). Stats are kept by the backend.
     */
    void updateHeader(TapeHeader header);

    /** Makes everything appended so far durable. */
    void flush();

    /**
     * How long an appended frame may stay at risk without {@link #flush}: the provider's durability
     * setting. {@link Duration#ZERO} means every {@code append} is durable when it returns; empty means
     * no promise before {@link #finish} (e.g. {@code on_close}, or a store in memory).
     *
     * <p>The recorder holds its own backlog to this window: it calls {@link #flush} well within it and
     * makes the relay wait when it falls further behind, so that a crash loses at most the messages of
     * the last window. The default is empty, which leaves a provider's flushing to the provider.
     */
    default Optional<Duration> durabilityWindow() {
        return Optional.empty();
    }

    /**
     * How many of the appended frames the storage has confirmed kept so far: synced to disk, committed,
     * or (after the writer failed) found in what it did write. A recorder reports this count, not how many
     * frames it handed over, so that a storage failing mid-session (a full disk) is never summarized as a
     * complete recording. Empty when the provider cannot tell; the recorder then counts what
     * {@link #append(Frame)} accepted.
     */
    default OptionalLong durableFrames() {
        return OptionalLong.empty();
    }

    /** Ends the tape with {@code status} (normally FINALIZED, or ERROR); later calls return the same. */
    TapeSummary finish(TapeStatus status);

    @Override
    void close();
}
