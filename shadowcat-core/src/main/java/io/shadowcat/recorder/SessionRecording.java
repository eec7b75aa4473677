package io.shadowcat.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tape being recorded, whatever carries the session: relay threads hand it each message as it crossed
 * the wire ({@link #capture}), a recording thread of its own turns them into frames and correlations, and
 * {@link #finish} ends the tape. The stdio recorder and the HTTP proxy both record through it, so the
 * rules are written once: a message is relayed whatever happens to its recording, the relay waits for
 * the storage only within its durability window and {@link RecordingOptions#maxRelayWait()}, messages
 * missing from the tape are counted and tag it {@value StdioRecorder#INCOMPLETE_TAG}, and a storage that
 * cannot be opened leaves a session relayed but not recorded.
 *
 * <p>{@link #capture} may be called from any number of threads; the tape keeps the order of the calls.
 * {@link #finish} is called once, after the last capture.
 */
public final class SessionRecording {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRecording.class);

    private final TapeId id;
    private final RecordingOptions options;
    private final TapeWriter writer;
    private final CaptureQueue queue;
    private final FrameRecorder recorder;
    private final String openProblem;

    private SessionRecording(TapeHeader header, RecordingOptions options, TapeWriter writer, String openProblem,
                             long startNanos, RelayPolicy relay) {
        this.id = header.id();
        this.options = options;
        this.writer = writer;
        this.openProblem = openProblem;
        this.queue = new CaptureQueue(options.queueCapacity(), options.queueMaxBytes(),
                writer == null ? Optional.empty() : writer.durabilityWindow(), options.maxRelayWait(), relay);
        this.recorder = new FrameRecorder(queue, writer, header, options.redactor(), startNanos);
        Thread recording = new Thread(recorder, "shadowcat-recorder-" + header.id());
        recording.setDaemon(true);
        recording.start();
    }

    /**
     * Starts recording a session into a new tape.
     *
     * @param storage where the tape goes; null to relay without recording (every message then counts as
     *     lost, and the caller has said why)
     * @param header the new tape's header: its id must not be taken yet
     * @param startNanos {@link System#nanoTime()} when the session started: frame times count from it
     */
    public static SessionRecording start(TapeStorageBackend storage, RecordingOptions options, TapeHeader header,
                                         long startNanos) {
        return start(storage, options, header, startNanos, RelayPolicy.WAIT_WITHIN_WINDOW);
    }

    /**
     * Starts recording a session into a new tape, its relay threads waiting for the storage or not as
     * {@code relay} says.
     *
     * @see #start(TapeStorageBackend, RecordingOptions, TapeHeader, long)
     */
    public static SessionRecording start(TapeStorageBackend storage, RecordingOptions options, TapeHeader header,
                                         long startNanos, RelayPolicy relay) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(header, "header");
        TapeWriter writer = null;
        String problem = null;
        if (storage == null) {
            problem = "no storage";
        } else {
            try {
                writer = storage.openWriter(header);
            } catch (RuntimeException e) {
                problem = "cannot open tape " + header.id() + ": " + e.getMessage();
                LOG.warn("recording: {}; the session is relayed without recording", problem);
            }
        }
        return new SessionRecording(header, options, writer, problem, startNanos, relay);
    }

    /** The tape's id. */
    public TapeId tapeId() {
        return id;
    }

    /**
     * Hands one message to the recorder: may wait while the storage is more than its durability window
     * behind (at most {@link RecordingOptions#maxRelayWait()}; never with {@link RelayPolicy#NEVER_WAIT}),
     * never fails.
     *
     * @param message the message's bytes as they crossed the wire (one JSON-RPC message or batch)
     * @param nanos {@link System#nanoTime()} when its last byte was read
     * @param transport the frame's transport metadata as stored on the tape, or null for the tape's default
     */
    public void capture(Direction direction, byte[] message, long nanos, JsonNode transport) {
        if (message.length > options.maxMessageBytes()) {
            queue.countDropped();
            return;
        }
        queue.offer(new CapturedLine(direction, message, nanos, transport));
    }

    /** Counts a message that was relayed but cannot be recorded (too large, unreadable). */
    public void countLost() {
        queue.countDropped();
    }

    /** The queue stdio's line splitters feed. */
    CaptureQueue queue() {
        return queue;
    }

    /**
     * Ends the tape once every captured message is on it (waiting at most
     * {@link RecordingOptions#drainTimeout()} for the storage): finalized, or an error tagged
     * {@value StdioRecorder#INCOMPLETE_TAG} when messages are missing.
     *
     * @param exitCode what the result reports as the server's exit code
     */
    public RecordingResult finish(int exitCode) {
        String problem = openProblem;
        queue.close();
        Optional<FrameRecorder.Tally> finished = await(recorder.result(), options.drainTimeout().toMillis());
        long abandonedLines = 0;
        if (finished.isEmpty()) {
            recorder.abandon();
            finished = await(recorder.result(), 1_000);
            abandonedLines = queue.pending();
            problem = firstNonNull(problem, "storage did not catch up within " + options.drainTimeout().toSeconds()
                    + " s after the session ended");
        }
        // still stuck in the storage: what it published after its last message is all there is to know
        FrameRecorder.Tally tally = finished.orElseGet(recorder::progress);
        if (tally.failure().isPresent()) {
            problem = firstNonNull(problem, tally.failure().get().getMessage());
        }
        long messages = tally.recorded() + tally.failed() + queue.dropped() + abandonedLines;

        TapeStatus status = TapeStatus.RECORDING;
        long kept = 0;
        if (writer != null && finished.isPresent()) {
            Ending end = finish(writer, tally.header(), messages, tally.recorded());
            status = end.status();
            kept = end.kept();
            if (end.problem() != null) {
                problem = firstNonNull(problem, "cannot finalize tape " + id + ": " + end.problem());
                LOG.warn("recording: {}", problem);
            }
        } else if (writer != null) {
            kept = writer.durableFrames().orElse(tally.recorded());
        }
        CaptureQueue.RelayWaits waits = queue.waits();
        return new RecordingResult(id, exitCode, kept, messages - kept, tally.nonJson(),
                tally.unanswered(), status, problem, waits.count(), waits.total());
    }

    /** How finishing the tape went: its status, the frames it holds, what failed (or null). */
    private record Ending(TapeStatus status, long kept, String problem) {
    }

    /**
     * Finishes the tape, counting as recorded only the frames the storage confirms it kept: when it failed
     * mid-session (a full disk), frames it accepted but never wrote or committed are lost all the same.
     */
    private static Ending finish(TapeWriter writer, TapeHeader header, long messages, long appended) {
        try {
            writer.flush(); // first, so that what the storage kept is known before the tape is labelled
            long kept = writer.durableFrames().orElse(appended);
            long lost = messages - kept;
            TapeStatus status = TapeStatus.FINALIZED;
            if (lost > 0) {
                TapeMetadata m = header.metadata();
                List<String> tags = new ArrayList<>(m.tags());
                if (!tags.contains(StdioRecorder.INCOMPLETE_TAG)) {
                    tags.add(StdioRecorder.INCOMPLETE_TAG);
                }
                String note = "incomplete: " + lost + " of " + messages
                        + " messages were relayed but not recorded";
                String description = m.description() == null ? note : m.description() + " (" + note + ")";
                writer.updateHeader(header.withMetadata(m.withTags(tags).withDescription(description)));
                status = TapeStatus.ERROR;
            }
            TapeSummary summary = writer.finish(status);
            writer.close();
            return new Ending(summary.status(), writer.durableFrames().orElse(kept), null);
        } catch (RuntimeException e) {
            try {
                writer.close(); // the storage's chance to end the tape as it can (filesystem: as an error)
            } catch (RuntimeException alsoFailing) {
                // the first failure is the one reported
            }
            return new Ending(TapeStatus.RECORDING, writer.durableFrames().orElse(appended), e.getMessage());
        }
    }

    /** The recorder's final tally, or empty when it did not end within {@code millis}. */
    private static Optional<FrameRecorder.Tally> await(CompletableFuture<FrameRecorder.Tally> result, long millis) {
        try {
            return Optional.of(result.get(millis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.ofNullable(result.getNow(null));
        } catch (ExecutionException e) {
            throw new IllegalStateException("the recorder never completes its result exceptionally", e);
        }
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
