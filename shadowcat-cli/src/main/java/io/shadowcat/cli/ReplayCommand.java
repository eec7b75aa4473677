package io.shadowcat.cli;

import io.shadowcat.Shadowcat;
import io.shadowcat.http.serve.HttpReplayServer;
import io.shadowcat.replay.MatchMode;
import io.shadowcat.replay.ReplayOptions;
import io.shadowcat.replay.ReplayServer;
import io.shadowcat.replay.ReplayStats;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeId;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code shadowcat replay TAPE}: stands in for the recorded MCP server, answering from the tape over stdio,
 * or over HTTP with {@code --listen}.
 */
@Command(name = "replay",
        description = {"Answer an MCP client over stdio (or HTTP, with --listen) from a recorded tape, standing in "
                + "for the server.",
                "Each request gets the recorded response under the client's id; recorded server notifications "
                        + "are sent in recorded order; a request the tape cannot answer gets JSON-RPC error -32010 "
                        + "saying what was not found. Over stdio it ends when the client closes stdin; with --listen "
                        + "it serves Streamable HTTP and the legacy HTTP+SSE transport on one port, every client "
                        + "session from the tape's start, until SIGINT or SIGTERM, then prints what it served."},
        mixinStandardHelpOptions = true, usageHelpAutoWidth = true)
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TAPE", description = "The id of the tape to replay.")
    String tape;

    @Option(names = "--match", paramLabel = "MODE", converter = MatchModeConverter.class,
            description = "How a request finds its recorded response: method_params (default: same method and "
                    + "params, ignoring _meta and the id; repeated identical calls get the recorded responses in "
                    + "order, then the last), sequential (the next recorded request of the same method, params "
                    + "ignored) or strict (the tape's requests in the tape's order, same method and params).")
    MatchMode match = MatchMode.METHOD_PARAMS;

    @Option(names = "--speed", paramLabel = "X",
            description = "Reproduce the recorded timing, X times as fast (1 = as recorded, 2 = twice as fast, "
                    + "0.5 = half as fast). Default: answer at once.")
    Double speed;

    @Option(names = "--fail-on-miss",
            description = "Exit with code 1 when any request had no recorded response (for CI: the tape no "
                    + "longer covers what the client does).")
    boolean failOnMiss;

    @Option(names = "--listen", paramLabel = "HOST:PORT", converter = ListenAddress.Converter.class,
            description = "Serve the tape over HTTP on HOST:PORT (port 0 picks a free one) instead of stdio: "
                    + "Streamable HTTP on the recorded path (default /mcp), the legacy HTTP+SSE transport on /sse. "
                    + "The address is printed on stderr as 'listening on http://HOST:PORT/PATH'.")
    InetSocketAddress listen;

    @Option(names = "--ready-file", paramLabel = "FILE",
            description = "With --listen: write the endpoint URL to FILE (replaced atomically) once the socket "
                    + "accepts connections, for scripts.")
    Path readyFile;

    @Override
    public Integer call() {
        if (speed != null && !(speed > 0 && speed < Double.POSITIVE_INFINITY)) {
            throw new ParameterException(spec.commandLine(), "--speed must be a number above 0, got " + speed);
        }
        if (readyFile != null && listen == null) {
            throw new ParameterException(spec.commandLine(), "--ready-file needs --listen (stdio replay has no address)");
        }
        GlobalOptions global = GlobalOptions.of(spec);
        TapeId id = TapeId.of(tape);
        Tape recorded;
        try (Shadowcat shadowcat = global.open(OpenMode.EXISTING)) {
            TapeStorageBackend storage = shadowcat.storage();
            recorded = storage.load(id);
        }
        ReplayOptions options = new ReplayOptions(match, speed == null ? 0 : speed);
        if (listen != null) {
            return serveHttp(id, recorded, options, listen);
        }
        // A tape recorded over HTTP replays over stdio too; its HTTP-only answers (e.g. a 405 to a GET) are no message.
        ReplayServer server = new ReplayServer(HttpReplayServer.conversationOf(recorded), options);
        ReplayStats stats = server.serve(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
        if (global.verbose) {
            spec.commandLine().getErr().println("shadowcat replay: tape " + id + ": " + stats.requests() + " requests, "
                    + stats.unmatched() + " without a recorded response, " + stats.emitted() + " server messages sent");
            spec.commandLine().getErr().flush();
        }
        if (failOnMiss && stats.unmatched() > 0) {
            spec.commandLine().getErr().println("shadowcat: replay of tape " + id + ": " + stats.unmatched() + " of "
                    + stats.requests() + " requests had no recorded response (--fail-on-miss)");
            spec.commandLine().getErr().flush();
            return 1;
        }
        return 0;
    }

    /**
     * Serves over HTTP until SIGINT or SIGTERM. The JVM's shutdown hook stops the server, waits until the
     * stats are printed and ends the process with the exit code (a shutdown hook cannot return one otherwise).
     */
    private int serveHttp(TapeId id, Tape recorded, ReplayOptions options, InetSocketAddress address) {
        HttpReplayServer server;
        try {
            server = HttpReplayServer.start(recorded, options, address.getHostString(), address.getPort());
        } catch (IOException e) {
            err().println("shadowcat replay: " + e.getMessage() + " (choose another --listen address; port 0 picks a "
                    + "free one)");
            err().flush();
            return ExitCode.FAILURE;
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(ExitCode.OK);
        Thread hook = new Thread(() -> {
            stop.countDown();
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
        try {
            if (readyFile != null) {
                ReadyFile.write(readyFile, server.endpoint().toString());
            }
            err().println("shadowcat replay: tape " + id + ": listening on " + server.endpoint()
                    + " (legacy HTTP+SSE: " + server.sseEndpoint() + ")");
            err().flush();
            stop.await();
        } catch (IOException e) {
            err().println("shadowcat replay: cannot write --ready-file " + readyFile + ": " + e.getMessage());
            exitCode.set(ExitCode.FAILURE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
            ReplayStats stats = server.stats();
            err().println("shadowcat replay: tape " + id + ": " + server.sessions() + " sessions, " + stats.requests()
                    + " requests, " + stats.unmatched() + " without a recorded response, " + stats.emitted()
                    + " server messages sent");
            if (failOnMiss && stats.unmatched() > 0) {
                err().println("shadowcat: replay of tape " + id + ": " + stats.unmatched() + " of " + stats.requests()
                        + " requests had no recorded response (--fail-on-miss)");
                exitCode.compareAndSet(ExitCode.OK, ExitCode.FAILURE);
            }
            err().flush();
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // a signal arrived: the hook ends the process with the exit code
            }
        }
        return exitCode.get();
    }

    /** Writes {@code text} to {@code file} durably: a temporary file, fsync, then an atomic rename. */
    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Parses {@code --match}, naming the choices on a bad value. */
    static final class MatchModeConverter implements ITypeConverter<MatchMode> {
        @Override
        public MatchMode convert(String value) {
            try {
                return MatchMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
