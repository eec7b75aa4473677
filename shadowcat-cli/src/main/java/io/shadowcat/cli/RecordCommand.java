package io.shadowcat.cli;

import io.shadowcat.Shadowcat;
import io.shadowcat.recorder.ChildProcessException;
import io.shadowcat.recorder.RecordingOptions;
import io.shadowcat.recorder.RecordingResult;
import io.shadowcat.recorder.Redactor;
import io.shadowcat.recorder.StdioRecorder;
import io.shadowcat.storage.support.DurationText;
import io.shadowcat.storage.ConfigFileException;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.ProviderCreationException;
import io.shadowcat.storage.ProviderNotFoundException;
import io.shadowcat.storage.config.StorageConfig;
import io.shadowcat.storage.StorageException;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code shadowcat record -- CMD ARGS...}: runs an MCP server over stdio, relays the session unchanged and
 * records it into a new tape. Exits with the server's exit code.
 */
@Command(name = "record",
        description = {"Record an MCP server session over stdio, or a remote server's sessions over HTTP, into new tapes.",
                "record -- CMD ARGS: start it where the MCP client would start the server: the client talks to "
                        + "shadowcat on stdin/stdout, shadowcat relays every byte to and from the server unchanged "
                        + "(its stderr passes through) and records each JSON-RPC message. Exits with the server's "
                        + "exit code.",
                "record --upstream URL [--listen HOST:PORT]: a reverse proxy for a Streamable HTTP or HTTP+SSE "
                        + "server; point the client at the address printed on stderr ('listening on "
                        + "http://HOST:PORT/PATH'). One tape per MCP session; runs until SIGINT or SIGTERM, then "
                        + "finishes every tape."},
        mixinStandardHelpOptions = true, usageHelpAutoWidth = true)
final class RecordCommand implements Callable<Integer> {

    /** Exit code when the server cannot be started, as a shell reports a command it cannot run. */
    static final int CANNOT_START = 127;
    /** Exit code when a signal ended the recording before the server's exit code was known (128 + SIGTERM). */
    private static final int SIGNALLED = 143;

    @Spec
    CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The tape's name (default: the server's name and version from initialize).")
    String name;

    @Option(names = "--tag", paramLabel = "TAG", description = "A tag for the tape; repeat for several.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--tape-id", paramLabel = "ID",
            description = "The new tape's id: 1-128 of A-Z a-z 0-9 _ - (default: a random UUID). Must not exist yet.")
    String tapeId;

    @Option(names = "--redact", paramLabel = "KEY",
            description = "Also mask the value of every field named KEY in the recorded copy (never in the relayed "
                    + "bytes); case, '_' and '-' are ignored. Repeat for several. Always masked: "
                    + "authorization, password, token, api_key, secret, access_token, refresh_token, id_token,"
                    + " client_secret, private_key, x_api_key, cookie.")
    List<String> redact = new ArrayList<>();

    @Option(names = "--no-default-redactions",
            description = "Do not mask the default keys; only those given with --redact.")
    boolean noDefaultRedactions;

    @Option(names = "--max-relay-wait", paramLabel = "DURATION", converter = WaitConverter.class,
            description = "How long the relay may wait for a storage that fell behind by more than its durability "
                    + "window before messages are dropped from the tape (never from the session), e.g. 500ms, 1m; "
                    + "0 never waits (default: ${DEFAULT-VALUE}).", defaultValue = "5s")
    Duration maxRelayWait;

    @Option(names = "--require-storage",
            description = "Fail (exit code 1, the server is not started) when the storage cannot be opened; without "
                    + "it such a session is relayed unrecorded, after one warning.")
    boolean requireStorage;

    @Option(names = "--upstream", paramLabel = "URL",
            description = "Record a remote MCP server over HTTP: its URL (http:// or https://, Streamable HTTP or "
                    + "the legacy HTTP+SSE transport). Instead of CMD.")
    String upstream;

    @Option(names = "--upstream-ca", paramLabel = "FILE",
            description = "With an https:// upstream: a PEM file of the CA certificates its certificate must chain to "
                    + "(a private CA), instead of the JVM's default CAs. The host name is checked either way.")
    Path upstreamCa;

    @Option(names = "--listen", paramLabel = "HOST:PORT", converter = ListenAddress.Converter.class,
            description = "With --upstream: where the proxy listens (default: 127.0.0.1:0, a free port).")
    InetSocketAddress listen;

    @Option(names = "--ready-file", paramLabel = "FILE",
            description = "With --upstream: once the proxy accepts connections, write its URL to FILE (for scripts).")
    Path readyFile;

    @Parameters(paramLabel = "CMD", arity = "0..*",
            description = "The MCP server's command line, after '--' (not with --upstream).")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        if (upstream != null) {
            if (!command.isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        "give either --upstream URL or a server command after '--', not both");
            }
            return new HttpRecording(this).run();
        }
        if (listen != null || readyFile != null || upstreamCa != null) {
            throw new ParameterException(spec.commandLine(), "--listen, --ready-file and --upstream-ca need --upstream URL");
        }
        if (command.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "no server to record: give its command after '--' (record -- CMD ARGS) or --upstream URL");
        }
        RecordingOptions options = options();
        AtomicInteger exitCode = new AtomicInteger(SIGNALLED);
        CountDownLatch done = new CountDownLatch(1);
        try (Shadowcat shadowcat = openShadowcat()) {
            StdioRecorder recorder = shadowcat == null ? StdioRecorder.unrecorded(options) : shadowcat.recorder(options);
            Thread hook = forwardSignals(recorder, done, exitCode);
            try {
                RecordingResult result = recorder.record(command, new FileInputStream(FileDescriptor.in),
                        new FileOutputStream(FileDescriptor.out));
                exitCode.set(result.exitCode());
                if (shadowcat != null) {
                    report(result, err());
                }
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // a signal arrived: the hook ends the process once the storage is closed
                }
            }
        } catch (ChildProcessException e) {
            exitCode.set(CANNOT_START);
            err().println("shadowcat record: " + e.getMessage());
            err().flush();
        } finally {
            done.countDown();
        }
        return exitCode.get();
    }

    /**
     * The facade on the storage, or null when it cannot be opened and the session is to be relayed unrecorded: the
     * client's session matters more than its tape (unless {@code --require-storage}). A configuration
     * error (an unknown provider, a malformed setting) is a usage error all the same.
     */
    Shadowcat openShadowcat() {
        GlobalOptions global = GlobalOptions.of(spec);
        StorageConfig config = global.storageConfig();
        config.validate(global.registry());
        try {
            return global.open(config, OpenMode.CREATE);
        } catch (StorageException e) {
            if (requireStorage || e instanceof InvalidConfigException || e instanceof ConfigFileException
                    || e instanceof ProviderNotFoundException) {
                throw e;
            }
            Throwable cause = e instanceof ProviderCreationException && e.getCause() != null ? e.getCause() : e;
            String where = config.settings().get("path").map(p -> " (" + p + ")").orElse("");
            err().println("shadowcat record: warning: storage " + config.provider() + where + " cannot be opened: "
                    + ErrorHandler.message(cause) + "; the session is relayed but NOT recorded"
                    + " (--require-storage makes this an error)");
            err().flush();
            return null;
        }
    }

    RecordingOptions options() {
        List<String> keys = new ArrayList<>(noDefaultRedactions ? List.of() : Redactor.DEFAULT_KEYS);
        keys.addAll(redact);
        return RecordingOptions.builder()
                .name(name)
                .tags(tags)
                .tapeId(tapeId == null ? null : TapeId.of(tapeId))
                .redactor(Redactor.of(keys))
                .maxRelayWait(maxRelayWait)
                .build();
    }

    /**
     * SIGINT and SIGTERM start the JVM's shutdown; this hook passes SIGTERM on to the server, waits until
     * the tape is finished and the storage closed, and ends the process with the server's exit code (a
     * shutdown hook cannot return one any other way).
     */
    private Thread forwardSignals(StdioRecorder recorder, CountDownLatch done, AtomicInteger exitCode) {
        Thread hook = new Thread(() -> {
            recorder.terminate();
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err().flush();
            System.err.flush();
            Runtime.getRuntime().halt(exitCode.get());
        }, "shadowcat-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Parses {@code --max-relay-wait} as the storage settings' durations are written. */
    static final class WaitConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = DurationText.parse(value.equals("0") ? "0s" : value).orElse(null);
            if (d == null || d.isNegative()) {
                throw new TypeConversionException("expected a duration such as 500ms, 5s or 1m, got '" + value + "'");
            }
            return d;
        }
    }

    static void report(RecordingResult result, PrintWriter err) {
        report(result, err, "the relay");
    }

    /**
     * The summary line of a finished tape.
     *
     * @param waiter what waited for the storage when it fell behind its durability window: over stdio the relay,
     *     over HTTP the tape's own hand-off thread (the relay never waits there)
     */
    static void report(RecordingResult result, PrintWriter err, String waiter) {
        // stdout belongs to the MCP session: the summary goes to stderr
        StringBuilder line = new StringBuilder("shadowcat record: tape ").append(result.tapeId()).append(": ")
                .append(result.framesRecorded()).append(" messages recorded");
        // what the storage confirmed it kept: on a storage failing mid-session, not what was handed to it
        if (result.messagesLost() > 0) {
            line.append(", ").append(result.messagesLost()).append(" relayed but NOT recorded");
        }
        if (result.unanswered() > 0) {
            // requests the server never answered (the session ended first, or the client gave up on them)
            line.append(", ").append(result.unanswered()).append(result.unanswered() == 1 ? " request" : " requests")
                    .append(" without a response");
        }
        if (result.status() == TapeStatus.RECORDING) {
            line.append("; the tape could not be finished");
        } else if (result.messagesLost() > 0) {
            line.append("; the tape is marked incomplete");
        }
        if (result.relayWaits() > 0) {
            // the session was slowed down to keep the tape within the storage's durability window
            line.append("; ").append(waiter).append(" waited ").append(result.relayWaits()).append(" times for the storage (")
                    .append(result.relayWaited().toMillis()).append(" ms in all)");
        }
        if (result.storageProblem() != null) {
            line.append(" (").append(result.storageProblem()).append(')');
        }
        err.println(line);
        err.flush();
    }
}
