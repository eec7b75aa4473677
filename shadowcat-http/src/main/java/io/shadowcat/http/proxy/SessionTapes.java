package io.shadowcat.http.proxy;

import io.shadowcat.Shadowcat;
import io.shadowcat.recorder.HostEnvironment;
import io.shadowcat.recorder.RecordingOptions;
import io.shadowcat.recorder.RecordingResult;
import io.shadowcat.recorder.RelayPolicy;
import io.shadowcat.recorder.SessionRecording;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.EnvironmentInfo;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeIdGenerator;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.tape.TransportInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which tape a message goes on: one tape per MCP session. A session is the {@code Mcp-Session-Id} the
 * server assigned (Streamable HTTP), the legacy transport's SSE connection (its {@code sessionId}), or,
 * for a server that issues no session id (stateless, 2026-07-28), the client's connection: every exchange
 * on one keep-alive connection goes on one tape, finished when the connection closes. Tapes are finished
 * on a thread of their own, never on the relay's.
 */
final class SessionTapes {

    private static final Logger LOG = LoggerFactory.getLogger(SessionTapes.class);
    private static final int ENDED_REMEMBERED = 10_000;

    private final TapeStorageBackend storage;
    private final RecordingOptions options;
    private final TapeIdGenerator ids;
    private final UpstreamUrl upstream;
    private final Consumer<RecordingResult> onFinished;
    private final EnvironmentInfo environment;
    private final ConcurrentHashMap<String, SessionTape> open = new ConcurrentHashMap<>();
    /** Sessions seen to end (deleted, SSE stream closed), newest last: a straggler for one is not a new session. */
    private final java.util.Map<String, Boolean> ended = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                    return size() > ENDED_REMEMBERED;
                }
            });
    private final AtomicInteger created = new AtomicInteger();
    private final List<Future<?>> finishing = new ArrayList<>(); // guarded by itself
    private final ExecutorService finisher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "shadowcat-tape-finisher");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param storage null: sessions are relayed, not recorded
     * @param onFinished told each finished tape's result, on the finisher thread
     */
    SessionTapes(TapeStorageBackend storage, RecordingOptions options, TapeIdGenerator ids, UpstreamUrl upstream,
                 Consumer<RecordingResult> onFinished) {
        this.storage = storage;
        this.options = options;
        this.ids = ids;
        this.upstream = upstream;
        this.onFinished = onFinished;
        this.environment = options.environment() != null ? options.environment()
                : HostEnvironment.detect(Shadowcat.version());
    }

    /**
     * True when the Streamable HTTP session {@code sessionId} has ended here (its DELETE succeeded): a request
     * still naming it (a client's late reconnect) is relayed but recorded on no tape, rather than starting one.
     */
    boolean streamableEnded(String sessionId) {
        return ended.containsKey("session:" + sessionId);
    }

    /** True when the legacy SSE session {@code sessionId} has ended here (its stream closed). */
    boolean legacyEnded(String sessionId) {
        return ended.containsKey("sse:" + sessionId);
    }

    /** The tape of the Streamable HTTP session {@code sessionId}, entered. */
    SessionTape streamable(String sessionId) {
        return enter("session:" + sessionId, key -> create(key, TransportInfo.STREAMABLE_HTTP, sessionId));
    }

    /** The tape of the legacy SSE connection that announced {@code sessionId}, entered. */
    SessionTape legacy(String sessionId) {
        return enter("sse:" + sessionId, key -> create(key, TransportInfo.SSE, sessionId));
    }

    /** The tape of a legacy SSE connection already open, entered, or null. */
    SessionTape legacyIfOpen(String sessionId) {
        SessionTape tape = open.get("sse:" + sessionId);
        return tape != null && tape.enter() ? tape : null;
    }

    /**
     * The tape of a client connection whose server issued no session id, entered; it is retired when the
     * connection closes.
     */
    SessionTape connection(String connectionId, Connection connection) {
        return enter("connection:" + connectionId, key -> {
            SessionTape tape = create(key, TransportInfo.STREAMABLE_HTTP, null);
            connection.addEventListener(new Connection.Listener() {
                @Override
                public void onClosed(Connection c) {
                    tape.retire();
                }
            });
            return tape;
        });
    }

    /** Tapes being recorded now. */
    int openTapes() {
        return open.size();
    }

    private SessionTape enter(String key, Function<String, SessionTape> factory) {
        while (true) {
            SessionTape tape = open.computeIfAbsent(key, factory);
            if (tape.enter()) {
                return tape;
            }
            open.remove(key, tape); // finished a moment ago: the session starts again on a new tape
        }
    }

    private SessionTape create(String key, String transport, String sessionId) {
        Instant createdAt = Instant.now();
        TapeMetadata metadata = new TapeMetadata(options.name(), options.description(), options.tags(),
                TapeStatus.RECORDING, TransportInfo.http(transport, upstream.masked()), environment, null,
                createdAt, null);
        TapeHeader header = new TapeHeader(nextId(), sessionId != null ? sessionId : UUID.randomUUID().toString(),
                createdAt, null, metadata);
        // Jetty's threads relay every session: they never wait for a storage
        SessionRecording recording = SessionRecording.start(storage, options, header, System.nanoTime(),
                RelayPolicy.NEVER_WAIT);
        LOG.debug("recording {} session {} on tape {}", transport, sessionId, header.id());
        SessionTape[] self = new SessionTape[1];
        self[0] = new SessionTape(key, recording, () -> {
            open.remove(key, self[0]);
            finish(self[0]);
        }, () -> {
            if (sessionId != null) {
                ended.put(key, Boolean.TRUE);
            }
        });
        return self[0];
    }

    /** An explicit tape id names the first tape; later sessions get it with {@code -2}, {@code -3}... */
    private TapeId nextId() {
        int n = created.incrementAndGet();
        if (options.tapeId() == null) {
            return ids.next();
        }
        return n == 1 ? options.tapeId() : TapeId.of(options.tapeId().value() + "-" + n);
    }

    private void finish(SessionTape tape) {
        synchronized (finishing) {
            if (finisher.isShutdown()) {
                return; // closeAll finishes it
            }
            finishing.removeIf(Future::isDone);
            finishing.add(finisher.submit(() -> {
                RecordingResult result = tape.recording().finish(0);
                try {
                    onFinished.accept(result);
                } catch (RuntimeException e) {
                    LOG.warn("recording: reporting tape {} failed: {}", result.tapeId(), e.toString());
                }
            }));
        }
    }

    /** Finishes every tape still open and waits until all are finished (the proxy has stopped relaying). */
    void closeAll() {
        for (SessionTape tape : List.copyOf(open.values())) {
            if (tape.close()) {
                open.remove(tape.key(), tape);
                finish(tape);
            }
        }
        List<Future<?>> all;
        synchronized (finishing) {
            finisher.shutdown();
            all = List.copyOf(finishing);
        }
        for (Future<?> f : all) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("recording: finishing a tape failed: {}", e.getCause().toString());
            }
        }
        try {
            finisher.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
