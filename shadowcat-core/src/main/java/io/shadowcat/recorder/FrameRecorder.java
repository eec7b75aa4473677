package io.shadowcat.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.FrameFlags;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TransportInfo;
import io.shadowcat.tape.internal.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording thread: turns captured lines into frames and correlations and appends them to the tape.
 * Everything here runs off the relay path; a failure costs a frame on the tape, never a byte of the
 * session. Within the storage's durability window it also flushes the tape and tells the queue, which
 * holds the relay back when the tape falls further behind than that. Once the storage has failed (an
 * append or a flush threw), it warns once, stops syncing and tells the queue, which never holds the relay
 * back again: later frames are still offered to the storage, but nobody waits for them.
 *
 * <p>Who owns what: every plain field below belongs to the recording thread (the one running
 * {@link #run()}). The sync thread only calls {@link TapeWriter#flush()} and reports through
 * {@link CaptureQueue#settled()} and {@link #fail}. Other threads see this object only through what the
 * recording thread publishes: {@link #progress()} (a snapshot replaced after every message) and
 * {@link #result()} (completed once, when the thread ends); {@link #abandon()} is the one way in.
 */
final class FrameRecorder implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FrameRecorder.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long NONE = Long.MIN_VALUE;

    // Keeps the message as written (decimals exactly, big integers) and one JSON value per line: trailing
    // garbage makes the line non-JSON.
    static final ObjectMapper MAPPER = TapeJson.mapper();

    private final CaptureQueue queue;
    private final TapeWriter writer;
    private final Redactor redactor;
    private final long startNanos;
    private final Instant startedAt;
    private final String explicitName;
    private final String explicitDescription;
    private final JsonNode firstTransport;
    private final JsonNode transport;
    private final Correlator correlator = new Correlator();
    private final HandshakeObserver handshake = new HandshakeObserver();

    // Owned by the recording thread.
    private TapeHeader header;
    private long nextSeq;
    private long lastTs;
    private long recorded;
    private long failed;
    private long nonJson;

    // Shared, each safe on its own.
    private volatile boolean abandoned; // set by the session's thread
    // set by the recording thread when it starts a sync, cleared by the sync thread before it settles
    private final AtomicBoolean syncing = new AtomicBoolean();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>(); // first failure wins
    private volatile Tally progress; // written by the recording thread only
    private final CompletableFuture<Tally> result = new CompletableFuture<>();

    /**
     * What the recorder did, as one consistent snapshot taken on the recording thread.
     *
     * @param header the tape header as last written (with what the handshake taught)
     * @param recorded messages appended to the tape
     * @param failed messages that reached the recorder but not the tape
     * @param nonJson lines that were not JSON
     * @param unanswered requests without a response
     * @param failure the storage's first failure, if any
     */
    record Tally(TapeHeader header, long recorded, long failed, long nonJson, int unanswered,
                 Optional<RuntimeException> failure) {
    }

    /**
     * @param writer where frames go, or null when the tape could not be opened (every message then
     *     counts as lost)
     */
    FrameRecorder(CaptureQueue queue, TapeWriter writer, TapeHeader header, Redactor redactor, long startNanos) {
        this.queue = queue;
        this.writer = writer;
        this.header = header;
        this.redactor = redactor;
        this.startNanos = startNanos;
        this.startedAt = header.createdAt();
        this.explicitName = header.metadata().name();
        this.explicitDescription = header.metadata().description();
        TransportInfo t = header.metadata().transport();
        this.firstTransport = transportNode(t, true);
        this.transport = transportNode(t, false);
        this.progress = tally();
    }

    @Override
    public void run() {
        try {
            recordAll();
        } finally {
            Tally last = tally();
            progress = last;
            result.complete(last);
        }
    }

    private void recordAll() {
        long window = queue.windowNanos();
        // Syncing at half the window leaves the other half for the sync itself and for the lines still
        // queued, so the relay rarely has to wait.
        long syncAfter = window / 2;
        long unsyncedSince = NONE;
        // The sync (an fsync, a commit) runs beside the recording thread, which goes on appending: syncing
        // on it stalled the appends for as long as the disk took, and the backlog grew meanwhile.
        ExecutorService syncer = window > 0 && writer != null ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "shadowcat-recorder-sync");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            while (!abandoned && !queue.isDone()) {
                long timeout = unsyncedSince == NONE || syncing.get() ? POLL_NANOS
                        : Math.max(0, unsyncedSince + syncAfter - System.nanoTime());
                CapturedLine line = queue.take(timeout);
                if (line != null) {
                    record(line); // the storage's own durability policy applies between our syncs
                    progress = tally();
                    if (unsyncedSince == NONE) {
                        unsyncedSince = line.nanos();
                    }
                }
                if (window < 0 || failure.get() != null) {
                    continue; // the storage promises nothing before the tape is finished, or no longer can
                }
                if (syncer == null) {
                    queue.settleTaken(); // every append was durable when it returned, or nothing is written
                    queue.settled();
                    unsyncedSince = NONE;
                } else if (unsyncedSince != NONE && !syncing.get()
                        && (System.nanoTime() - unsyncedSince >= syncAfter || queue.relayWaiting())
                        && !queue.headBehind()) {
                    // Behind the window, catching up first is what frees the relay: one sync then settles
                    // everything taken (a sync per line would hold the relay at the disk's fsync rate).
                    queue.settleTaken();
                    unsyncedSince = NONE;
                    syncing.set(true);
                    syncer.execute(this::sync);
                }
            }
            if (!abandoned) {
                flagUnanswered();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (syncer != null) {
                syncer.shutdown();
                awaitSync(syncer); // finishing the tape must not race a sync still running
            }
        }
    }

    /*
     * The session is over: a request still waiting will never be answered (the client cancelled it, or
     * left). The tape says so, so that a reader need not pair every request to find out.
     */
    private void flagUnanswered() {
        if (writer == null || failure.get() != null) {
            return;
        }
        try {
            for (Correlation c : correlator.stillUnanswered()) {
                writer.append(c);
            }
        } catch (RuntimeException e) {
            fail(e, "flagging the unanswered requests");
        }
    }

    /** On the sync thread. */
    private void sync() {
        try {
            writer.flush();
        } catch (RuntimeException e) {
            // the frames were appended; whether they survive a crash is now unknown, but the relay goes on
            fail(e, "to flush");
        } finally {
            syncing.set(false); // before settling: the recorder woken by it may start the next sync at once
            queue.settled();
        }
    }

    /**
     * Notes a storage failure, from the recording or the sync thread: the first one is warned about and
     * ends all waiting for durability; later ones are only logged at debug level.
     */
    private void fail(RuntimeException e, String where) {
        if (failure.compareAndSet(null, e)) {
            queue.storageFailed();
            LOG.warn("recording: storage failed {}: {}; the session goes on without waiting for the storage,"
                    + " the tape will be incomplete", where, e.getMessage());
        } else {
            LOG.debug("recording: storage failed {}", where, e);
        }
    }

    private static void awaitSync(ExecutorService syncer) {
        try {
            syncer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the current message; what is still queued counts as lost. */
    void abandon() {
        abandoned = true;
    }

    void record(CapturedLine line) {
        Parsed parsed = parse(line.bytes());
        if (parsed == null) {
            return; // a blank line carries nothing
        }
        JsonNode message = parsed.message();
        long seq = nextSeq++;
        // the two relay threads race to the queue by microseconds: keep ts in seq order
        long ts = Math.max(lastTs, TimeUnit.NANOSECONDS.toMillis(line.nanos() - startNanos));
        lastTs = ts;
        boolean learned = handshake.observe(line.direction(), message);
        Correlator.Result pairing = correlator.observe(line.direction(), message, seq, ts, line.nanos());
        FrameFlags flags = FrameFlags.of(message); // from the original: a masked field cannot change the kind
        // a masked message keeps its text but for the masked values (a text noted as such is the tree's)
        String text = redactor.redact(message) ? masked(parsed.text(), message) : parsed.text();
        JsonNode frameTransport = line.transport() != null ? line.transport() : seq == 0 ? firstTransport : transport;
        Frame frame = new Frame(seq, ts, line.direction(), message, frameTransport,
                pairing.correlationId(), flags, startedAt.plusNanos(line.nanos() - startNanos), text);
        if (writer == null) {
            failed++;
            return;
        }
        try {
            if (learned) {
                header = withHandshake(header);
                writer.updateHeader(header);
            }
            writer.append(frame);
            for (Correlation c : pairing.completed()) {
                writer.append(c);
            }
            recorded++;
        } catch (RuntimeException e) {
            failed++;
            fail(e, "at frame " + seq);
        }
    }

    private static String masked(String text, JsonNode message) {
        if (text == null) {
            return null;
        }
        try {
            return JsonText.withChanges(text, message);
        } catch (IllegalArgumentException e) {
            LOG.debug("recording: masked message kept in its compact form", e);
            return null; // the masked tree's compact text: never the unmasked one
        }
    }

    /** A line read as a message, and its text as written (null for a line that is not JSON: text noted). */
    private record Parsed(JsonNode message, String text) {
    }

    /*
     * A line is a message when the peer reading it takes it for JSON. Both SDK clients (and most readers)
     * decode a line as UTF-8 with each malformed sequence read as U+FFFD before parsing it, so a line that
     * is not valid UTF-8 is the message that decoding gives (its text holds the U+FFFD), not text.
     */
    private Parsed parse(byte[] bytes) {
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        if (isBlank(bytes, length)) {
            return null;
        }
        String decoded = new String(bytes, 0, length, StandardCharsets.UTF_8); // malformed input -> U+FFFD
        try {
            JsonNode node = TapeJson.readMessage(decoded);
            if (node != null && !node.isMissingNode()) {
                return new Parsed(node, JsonText.trim(decoded));
            }
        } catch (IOException e) {
            // not JSON: relayed unchanged, noted on the tape as text
        }
        nonJson++;
        return new Parsed(TextNode.valueOf(decoded), null);
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private TapeHeader withHandshake(TapeHeader h) {
        String name = explicitName != null ? explicitName : handshake.serverName();
        String description = explicitDescription != null ? explicitDescription : handshake.description();
        return h.withMetadata(h.metadata().withName(name).withDescription(description))
                .withProtocolVersion(handshake.protocolVersion());
    }

    /** On the recording thread: a snapshot of what it owns. */
    private Tally tally() {
        return new Tally(header, recorded, failed, nonJson, correlator.unanswered(), Optional.ofNullable(failure.get()));
    }

    /**
     * What the recorder has done so far, as of its last message: for a recorder still stuck in the storage
     * when the session must end.
     */
    Tally progress() {
        return progress;
    }

    /** Completed by the recording thread when it ends, normally or not. */
    CompletableFuture<Tally> result() {
        return result;
    }

    private static JsonNode transportNode(TransportInfo info, boolean full) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (info == null || !info.isStdio()) {
            return null; // other transports hand each frame its own metadata
        }
        ObjectNode stdio = root.putObject("stdio");
        if (info.processId() != null) {
            stdio.put("process_id", info.processId());
        }
        stdio.put("command", info.command());
        if (full) {
            info.args().forEach(stdio.putArray("args")::add);
        }
        return root;
    }
}
