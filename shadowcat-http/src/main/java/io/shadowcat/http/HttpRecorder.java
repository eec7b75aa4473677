package io.shadowcat.http;

import io.shadowcat.http.proxy.ProxyStartException;
import io.shadowcat.http.proxy.RecordingProxy;
import io.shadowcat.http.proxy.UpstreamTrust;
import io.shadowcat.http.proxy.UpstreamUrl;
import io.shadowcat.recorder.RecordingOptions;
import io.shadowcat.recorder.RecordingResult;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.TapeIdGenerator;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Records MCP sessions with a remote server (Streamable HTTP, or the legacy HTTP+SSE transport): a reverse
 * proxy on {@code listen} relays every request to the upstream server unchanged (hop-by-hop headers aside)
 * and streams every response back as it arrives, recording each JSON-RPC message, one tape per MCP session.
 * Secret headers ({@link io.shadowcat.http.wire.SecretHeaders}) are relayed but stored as
 * {@code [REDACTED]}; bodies are redacted as over stdio. A storage failure costs the tape, never the
 * session. Runs until {@link #stop()}.
 */
public final class HttpRecorder implements AutoCloseable {

    private final RecordingProxy proxy;

    private HttpRecorder(RecordingProxy proxy) {
        this.proxy = proxy;
    }

    /**
     * Starts the proxy; it accepts connections when this returns.
     *
     * @param storage where tapes go; null relays every session without recording it
     * @param ids where the id of each tape comes from (unless {@link RecordingOptions#tapeId()} names the first)
     * @param upstream the server's URL, {@code http://} or {@code https://}
     * @param listen where to listen; port 0 picks a free one
     * @param onTapeFinished told each tape's result once it is finished (its session deleted, its SSE or client
     *     connection closed, or the recorder stopped), on a thread of the recorder's
     * @throws IllegalArgumentException when the upstream URL is not a usable http(s) URL (the message masks its
     *     secrets)
     * @throws HttpRecorderException when the address cannot be listened on
     */
    public static HttpRecorder start(TapeStorageBackend storage, RecordingOptions options, TapeIdGenerator ids,
                                     String upstream, InetSocketAddress listen,
                                     Consumer<RecordingResult> onTapeFinished) {
        return start(storage, options, ids, upstream, null, listen, onTapeFinished);
    }

    /**
     * Starts the proxy for an upstream whose certificate chains to a private CA; it accepts connections when
     * this returns. As {@link #start(TapeStorageBackend, RecordingOptions, TapeIdGenerator, String,
     * InetSocketAddress, Consumer)} otherwise.
     *
     * @param upstreamCa a PEM file of the CA certificates an {@code https://} upstream's certificate must chain
     *     to, instead of the JVM's default CAs; null for the JVM's. The host name is checked either way
     * @throws UpstreamCaException when {@code upstreamCa} cannot be read or holds no certificate
     */
    public static HttpRecorder start(TapeStorageBackend storage, RecordingOptions options, TapeIdGenerator ids,
                                     String upstream, Path upstreamCa, InetSocketAddress listen,
                                     Consumer<RecordingResult> onTapeFinished) {
        UpstreamUrl url = UpstreamUrl.parse(upstream);
        UpstreamTrust trust;
        try {
            trust = upstreamCa == null ? UpstreamTrust.jvmDefault() : UpstreamTrust.caFile(upstreamCa);
        } catch (IllegalArgumentException e) {
            throw new UpstreamCaException(e.getMessage(), e.getCause());
        }
        try {
            return new HttpRecorder(RecordingProxy.start(storage, Objects.requireNonNull(options, "options"),
                    Objects.requireNonNull(ids, "ids"), url, trust, listen, onTapeFinished));
        } catch (ProxyStartException e) {
            throw new HttpRecorderException(e.getMessage(), e);
        }
    }

    /** Where clients are pointed: {@code http://HOST:PORT} and the upstream URL's path. */
    public String clientUrl() {
        InetSocketAddress a = proxy.address();
        String host = a.getHostString().contains(":") ? "[" + a.getHostString() + "]" : a.getHostString();
        return "http://" + host + ":" + a.getPort() + proxy.upstream().path();
    }

    /** The address the proxy listens on. */
    public InetSocketAddress address() {
        return proxy.address();
    }

    /** The upstream URL as tapes show it (userinfo and query values masked). */
    public String upstreamMasked() {
        return proxy.upstream().masked();
    }

    /** Client requests being relayed right now (open SSE streams included). */
    public int openExchanges() {
        return proxy.openExchanges();
    }

    /** Tapes being recorded right now. */
    public int openTapes() {
        return proxy.openTapes();
    }

    /**
     * Stops relaying (open streams are cut), finishes every tape still open and returns once each is
     * finished and reported to the listener.
     */
    public void stop() {
        proxy.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
