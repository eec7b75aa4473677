package io.shadowcat.http.serve;

import io.shadowcat.replay.ReplayOptions;
import io.shadowcat.replay.ReplayStats;
import io.shadowcat.tape.Tape;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Serves a tape as an HTTP MCP server ({@code shadowcat replay TAPE --listen HOST:PORT}), both transports on
 * one port, every client session answered by its own replay engine (the same one stdio replay uses:
 * matching, progress tokens, cancellation, server requests, {@code --speed} order):
 * <ul>
 *   <li>Streamable HTTP on the recorded path (default {@code /mcp}): a POST carrying {@code initialize}
 *       opens a session with a fresh {@code Mcp-Session-Id} when the tape's server issued one, and always
 *       for a stdio tape (a stdio server is one stateful session: each HTTP client gets its own); later
 *       requests without it get 400, with an unknown or ended one 404. A POST of notifications or answers
 *       gets 202. A POST of requests is answered as recorded: an SSE stream (the notifications and server
 *       requests recorded while the request was open, then the response) or a JSON body; for a stdio tape,
 *       SSE when the client's {@code Accept} allows it, JSON otherwise. A GET opens the session's standalone
 *       stream (what the server sent outside any request; held until the client opens it), or answers
 *       the error the recorded server gave (e.g. 405); a second one while the first is open is 409. DELETE
 *       ends the session (or answers as recorded). A tape of a server that issued no session ids is served
 *       to every client by one shared session, without ids.</li>
 *   <li>Legacy HTTP+SSE: GET on the SSE path (default {@code /sse}) opens a session and names its POST
 *       endpoint (default {@code /message?sessionId=..}); POSTs get 202 and every answer goes on the
 *       stream. Closing the stream ends the session.</li>
 *   <li>Resumption: every SSE event has the id {@code <stream>-<position>} (the replay's own: a tape may
 *       answer a turn twice, so recorded ids would repeat); a GET with {@code Last-Event-ID} gets the events
 *       of that stream after it, then whatever follows on it.</li>
 * </ul>
 * Thread-safe; {@link #close()} ends every session (paced messages still go out) and stops the server.
 */
public final class HttpReplayServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final ReplayHandler handler;
    private final TapeHttpShape shape;

    private HttpReplayServer(Server server, ServerConnector connector, ReplayHandler handler, TapeHttpShape shape) {
        this.server = server;
        this.connector = connector;
        this.handler = handler;
        this.shape = shape;
    }

    /**
     * Starts serving {@code tape} on {@code host}:{@code port} (0 picks a free port).
     *
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    public static HttpReplayServer start(Tape tape, ReplayOptions options, String host, int port) throws IOException {
        Objects.requireNonNull(tape, "tape");
        Objects.requireNonNull(options, "options");
        TapeHttpShape shape = TapeHttpShape.of(tape);
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("shadowcat-replay-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ReplayHandler handler = new ReplayHandler(conversationOf(tape), shape, options);
        server.setHandler(handler);
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly(server);
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        } catch (Exception e) {
            stopQuietly(server);
            throw new IOException("cannot start the replay server on " + host + ":" + port + ": " + e, e);
        }
        return new HttpReplayServer(server, connector, handler, shape);
    }

    /**
     * {@code tape} without its HTTP-only frames (the error bodies a recorded server answered a GET or DELETE
     * with): for replaying a tape recorded over HTTP over stdio, where those are no message to send.
     */
    public static Tape conversationOf(Tape tape) {
        return TapeHttpShape.conversation(tape);
    }

    /** The Streamable HTTP endpoint clients connect to, e.g. {@code http://127.0.0.1:40123/mcp}. */
    public URI endpoint() {
        return URI.create(base() + shape.mcpPath());
    }

    /** The legacy HTTP+SSE transport's stream, e.g. {@code http://127.0.0.1:40123/sse}. */
    public URI sseEndpoint() {
        return URI.create(base() + shape.ssePath());
    }

    /** What every session did so far, ended ones included. */
    public ReplayStats stats() {
        return handler.stats();
    }

    /** How many client sessions were opened. */
    public long sessions() {
        return handler.sessionsServed();
    }

    /** Ends every session and stops listening. */
    @Override
    public void close() {
        handler.endAll();
        stopQuietly(server);
    }

    private String base() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        String shown = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + connector.getLocalPort();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping after a failed start or at the end: nothing left to do for the caller
        }
    }
}
