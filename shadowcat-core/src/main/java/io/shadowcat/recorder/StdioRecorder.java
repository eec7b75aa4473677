package io.shadowcat.recorder;

import io.shadowcat.Shadowcat;
import io.shadowcat.storage.TapeExistsException;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.EnvironmentInfo;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeIdGenerator;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.tape.TransportInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records an MCP session over stdio: starts the server as a child process, relays the client's bytes to
 * it and its bytes back unchanged (its stderr passes straight through), and appends every
 * newline-delimited JSON-RPC message to a new tape.
 *
 * <p>Each relayed line is handed to a recording thread through a queue bounded by the storage's
 * durability window ({@link TapeWriter#durabilityWindow()}): the recorder flushes within the window, and
 * a line is relayed only while every line relayed more than the window earlier is durable, so a crash
 * (even {@code kill -9}) loses at most the messages of the last window. When the recorder falls further
 * behind, the relay waits for it, at most {@link RecordingOptions#maxRelayWait()}; past that, messages are
 * dropped from the tape (not from the session) until it has caught up, counted, and the tape ends with
 * status {@code error} and the tag {@code incomplete}.
 *
 * <p>One recorder records one session. {@link #terminate()} may be called from any thread (a shutdown
 * hook) to end the session early: the server gets {@code SIGTERM}, then is killed after the grace period.
 */
public final class StdioRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(StdioRecorder.class);
    /** Tag added to a tape that is missing messages. */
    public static final String INCOMPLETE_TAG = "incomplete";
    private static final long STDOUT_GRACE_MILLIS = 2_000;

    private final TapeStorageBackend storage;
    private final RecordingOptions options;
    private final TapeIdGenerator ids;
    // Written by the thread in record(), read by terminate() from any thread.
    private volatile Process process;
    // Written by terminate() from any thread, read by the thread in record() once the child has started.
    private volatile boolean terminateRequested;

    /** A recorder whose tapes without an explicit id get random ones; see {@link io.shadowcat.Shadowcat#recorder}. */
    public StdioRecorder(TapeStorageBackend storage, RecordingOptions options) {
        this(storage, options, TapeIdGenerator.random());
    }

    /** @param ids where the id of a tape without an explicit {@link RecordingOptions#tapeId()} comes from */
    public StdioRecorder(TapeStorageBackend storage, RecordingOptions options, TapeIdGenerator ids) {
        this(options, Objects.requireNonNull(storage, "storage"), ids);
    }

    /** @param storage null: relay only */
    private StdioRecorder(RecordingOptions options, TapeStorageBackend storage, TapeIdGenerator ids) {
        this.storage = storage;
        this.options = Objects.requireNonNull(options, "options");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /**
     * A recorder without storage: it relays the session exactly as a recording one does and records
     * nothing (every message counts as lost). For a storage that cannot be opened, when the session
     * matters more than its tape.
     */
    public static StdioRecorder unrecorded(RecordingOptions options) {
        return new StdioRecorder(options, null, TapeIdGenerator.random());
    }

    /**
     * Runs the session to its end: until the server exits (after the client closed its input, or on its
     * own, or after {@link #terminate()}).
     *
     * @param command the server's command line, at least the program
     * @param clientIn what the client sends (normally this process's stdin)
     * @param clientOut where the server's answers go (normally this process's stdout); not closed
     * @throws ChildProcessException when the server cannot be started
     * @throws TapeExistsException when an explicit tape id is already taken
     */
    public RecordingResult record(List<String> command, InputStream clientIn, OutputStream clientOut) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no server command given: use record -- CMD ARGS...");
        }
        TapeId id = options.tapeId() != null ? options.tapeId() : ids.next();
        if (options.tapeId() != null && storage != null && tapeExists(id)) {
            throw new TapeExistsException(id);
        }
        Instant createdAt = Instant.now();
        long startNanos = System.nanoTime();
        Process child = start(command);
        process = child;
        if (terminateRequested) {
            terminate();
        }

        TapeHeader header = header(id, createdAt, command, child.pid());
        SessionRecording recording = SessionRecording.start(storage, options, header, startNanos);
        CaptureQueue queue = recording.queue();
        Thread toServer = thread("shadowcat-client-to-server",
                new RelayPump("client->server", clientIn, child.getOutputStream(), true,
                        splitter(Direction.CLIENT_TO_SERVER, queue)));
        Thread toClient = thread("shadowcat-server-to-client",
                new RelayPump("server->client", child.getInputStream(), clientOut, false,
                        splitter(Direction.SERVER_TO_CLIENT, queue)));
        toClient.start();
        toServer.start();

        int exitCode = waitFor(child);
        // A grandchild may still hold the server's stdout open; do not wait for it forever.
        join(toClient, STDOUT_GRACE_MILLIS);
        return recording.finish(exitCode);
    }

    /**
     * Asks the server to stop ({@code SIGTERM}) and kills it if it is still running after the grace
     * period. Safe to call from any thread, any number of times, before or during {@link #record}.
     */
    public void terminate() {
        terminateRequested = true;
        Process child = process;
        if (child == null || !child.isAlive()) {
            return;
        }
        child.destroy();
        Thread killer = new Thread(() -> {
            try {
                if (!child.waitFor(options.terminateGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("server did not exit within {} ms of SIGTERM; killing it", options.terminateGrace().toMillis());
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shadowcat-terminate");
        killer.setDaemon(true);
        killer.start();
    }

    private boolean tapeExists(TapeId id) {
        try {
            return storage.exists(id);
        } catch (RuntimeException e) {
            return false; // a failing storage is reported when the tape is opened
        }
    }

    private static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException | RuntimeException e) {
            throw new ChildProcessException(command, e);
        }
    }

    private TapeHeader header(TapeId id, Instant createdAt, List<String> command, long pid) {
        EnvironmentInfo environment = options.environment() != null ? options.environment()
                : HostEnvironment.detect(Shadowcat.version());
        TransportInfo transport = TransportInfo.stdio(command.get(0), command.subList(1, command.size()), pid);
        TapeMetadata metadata = new TapeMetadata(options.name(), options.description(), options.tags(),
                TapeStatus.RECORDING, transport, environment, null, createdAt, null);
        return new TapeHeader(id, UUID.randomUUID().toString(), createdAt, null, metadata); // the session id
    }

    private LineSplitter splitter(Direction direction, CaptureQueue queue) {
        return new LineSplitter(direction, options.maxMessageBytes(), new LineSplitter.LineSink() {
            @Override
            public void line(CapturedLine line) {
                queue.offer(line);
            }

            @Override
            public void oversized() {
                queue.countDropped();
            }
        });
    }

    private static int waitFor(Process child) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return child.waitFor();
                } catch (InterruptedException e) {
                    // the session ends when the server ends: an interrupt stops the server, never orphans it
                    interrupted = true;
                    child.destroy();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void join(Thread thread, long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true); // a relay blocked on a read of stdin must not keep the process alive
        return t;
    }
}
