package io.shadowcat.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.shadowcat.storage.TapeWriter;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.FrameFlags;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TransportInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording thread: turns captured lines into frames and correlations and appends them to the tape.
 * Everything here runs off the relay path; a failure costs a frame on the tape, never a byte of the
 * session. Within the storage's durability window it also flushes the tape and tells the queue, which
 * holds the relay back when the tape falls further behind than that.
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

    private TapeHeader header;
    private long nextSeq;
    private long lastTs;
    private long recorded;
    private long failed;
    private long nonJson;
    private volatile boolean abandoned;
    private RuntimeException firstFailure;
    private volatile RuntimeException syncFailure;
    private final AtomicBoolean syncing = new AtomicBoolean();

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
    }

    @Override
    public void run() {
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
                    if (unsyncedSince == NONE) {
                        unsyncedSince = line.nanos();
                    }
                }
                if (window < 0) {
                    continue; // the storage promises nothing before the tape is finished
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
                    syncing.set(true);
                    unsyncedSince = NONE;
                    syncer.execute(this::sync);
                }
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

    private void sync() {
        try {
            writer.flush();
        } catch (RuntimeException e) {
            // the frames were appended; whether they survive a crash is now unknown, but the relay goes on
            if (syncFailure == null) {
                syncFailure = e;
                LOG.warn("recording: storage failed to flush: {}; the session goes on, the tape may be incomplete",
                        e.getMessage());
            } else {
                LOG.debug("recording: storage failed to flush", e);
            }
        } finally {
            syncing.set(false);
            queue.settled();
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
        JsonNode message = parse(line.bytes());
        if (message == null) {
            return; // a blank line carries nothing
        }
        long seq = nextSeq++;
        // the two relay threads race to the queue by microseconds: keep ts in seq order
        long ts = Math.max(lastTs, TimeUnit.NANOSECONDS.toMillis(line.nanos() - startNanos));
        lastTs = ts;
        boolean learned = handshake.observe(line.direction(), message);
        Correlator.Result pairing = correlator.observe(line.direction(), message, seq, ts, line.nanos());
        FrameFlags flags = FrameFlags.of(message); // from the original: a masked field cannot change the kind
        redactor.redact(message);
        Frame frame = new Frame(seq, ts, line.direction(), message, seq == 0 ? firstTransport : transport,
                pairing.correlationId(), flags, startedAt.plusNanos(line.nanos() - startNanos));
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
            if (firstFailure == null) {
                firstFailure = e;
                LOG.warn("recording: storage failed at frame {}: {}; the session goes on, the tape will be incomplete",
                        seq, e.getMessage());
            } else {
                LOG.debug("recording: storage failed at frame {}", seq, e);
            }
        }
    }

    private JsonNode parse(byte[] bytes) {
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        if (isBlank(bytes, length)) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(bytes, 0, length);
            if (node != null && !node.isMissingNode()) {
                return node;
            }
        } catch (IOException e) {
            // not JSON: relayed unchanged, noted on the tape as text
        }
        nonJson++;
        return TextNode.valueOf(new String(bytes, 0, length, StandardCharsets.UTF_8));
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

    TapeHeader header() {
        return header;
    }

    long recorded() {
        return recorded;
    }

    /** Messages that reached the recorder but not the tape. */
    long failed() {
        return failed;
    }

    long nonJson() {
        return nonJson;
    }

    int unanswered() {
        return correlator.unanswered();
    }

    RuntimeException firstFailure() {
        return firstFailure != null ? firstFailure : syncFailure;
    }

    private static JsonNode transportNode(TransportInfo info, boolean full) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (info == null) {
            return null;
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
