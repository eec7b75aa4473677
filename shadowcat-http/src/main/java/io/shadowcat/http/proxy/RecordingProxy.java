package io.shadowcat.http.proxy;

import io.shadowcat.recorder.RecordingOptions;
import io.shadowcat.recorder.RecordingResult;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.TapeIdGenerator;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The recording reverse proxy: a Jetty server the MCP client talks to and a Jetty client that relays each
 * request to the upstream server, recording every JSON-RPC message on its session's tape
 * ({@link SessionTapes}). Used through {@link io.shadowcat.http.HttpRecorder}; public only for it.
 */
public final class RecordingProxy {

    private final UpstreamUrl upstream;
    private final int maxMessageBytes;
    private final SessionTapes tapes;
    private final HttpClient client;
    private final Server server;
    private final ServerConnector connector;
    private final AtomicInteger openExchanges = new AtomicInteger();

    private RecordingProxy(TapeStorageBackend storage, RecordingOptions options, TapeIdGenerator ids,
                           UpstreamUrl upstream, UpstreamTrust trust, InetSocketAddress listen,
                           Consumer<RecordingResult> onTapeFinished) {
        this.upstream = upstream;
        this.maxMessageBytes = options.maxMessageBytes();
        this.tapes = new SessionTapes(storage, options, ids, upstream, onTapeFinished);

        QueuedThreadPool clientThreads = new QueuedThreadPool();
        clientThreads.setName("shadowcat-upstream");
        clientThreads.setDaemon(true);
        client = new HttpClient();
        client.setSslContextFactory(trust.sslContextFactory());
        client.setExecutor(clientThreads);
        client.setFollowRedirects(false); // a redirect is the client's to follow, as it would without us
        client.setHttpCookieStore(new HttpCookieStore.Empty()); // cookies are the client's, relayed both ways
        client.setUserAgentField(null); // the client's own User-Agent goes upstream
        client.setIdleTimeout(0); // a quiet SSE stream may stay open for as long as both ends want
        client.setMaxConnectionsPerDestination(100_000); // every open stream holds a connection
        client.setMaxRequestsQueuedPerDestination(100_000);

        QueuedThreadPool serverThreads = new QueuedThreadPool();
        serverThreads.setName("shadowcat-proxy");
        serverThreads.setDaemon(true);
        server = new Server(serverThreads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false); // the upstream's headers are the ones the client sees
        http.setSendDateHeader(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(64 * 1024);
        http.setResponseHeaderSize(64 * 1024);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(listen.getHostString());
        connector.setPort(listen.getPort());
        connector.setIdleTimeout(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                openExchanges.incrementAndGet();
                new Exchange(RecordingProxy.this, request, response, callback).start();
                return true;
            }
        });
        server.setStopTimeout(0);
    }

    /**
     * Starts the proxy; it accepts connections when this returns.
     *
     * @param storage where tapes go; null relays every session without recording it
     * @param trust what an {@code https://} upstream's certificate must chain to
     * @param onTapeFinished told each tape's result when it is finished (session deleted, its connection
     *     closed, or the proxy stopped), on a thread of the proxy's
     * @throws ProxyStartException when the address cannot be listened on or the client cannot start
     */
    public static RecordingProxy start(TapeStorageBackend storage, RecordingOptions options, TapeIdGenerator ids,
                                       UpstreamUrl upstream, UpstreamTrust trust, InetSocketAddress listen,
                                       Consumer<RecordingResult> onTapeFinished) {
        RecordingProxy proxy = new RecordingProxy(storage, options, ids, upstream, trust, listen, onTapeFinished);
        try {
            proxy.client.start();
            // after start, which installs the default decoders: bodies are relayed as encoded, and the client's
            // own Accept-Encoding (or none) goes upstream
            proxy.client.getContentDecoderFactories().clear();
            proxy.server.start();
        } catch (Exception e) {
            proxy.stopQuietly();
            throw new ProxyStartException("cannot listen on " + listen.getHostString() + ":" + listen.getPort()
                    + ": " + e.getMessage(), e);
        }
        return proxy;
    }

    /** The address the proxy listens on. */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    /** The upstream server. */
    public UpstreamUrl upstream() {
        return upstream;
    }

    /** Client requests being relayed right now (open SSE streams included). */
    public int openExchanges() {
        return openExchanges.get();
    }

    /** Tapes being recorded right now. */
    public int openTapes() {
        return tapes.openTapes();
    }

    /**
     * Stops relaying (open streams are cut), then finishes every tape still open and waits until all are
     * finished and reported.
     */
    public void stop() {
        stopQuietly();
        tapes.closeAll();
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort: the tapes are finished all the same
        }
        try {
            client.stop();
        } catch (Exception e) {
            // likewise
        }
    }

    SessionTapes tapes() {
        return tapes;
    }

    org.eclipse.jetty.util.thread.Scheduler scheduler() {
        return server.getScheduler();
    }

    HttpClient client() {
        return client;
    }

    int maxMessageBytes() {
        return maxMessageBytes;
    }

    void exchangeEnded() {
        openExchanges.decrementAndGet();
    }
}
