package io.shadowcat.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.Shadowcat;
import io.shadowcat.recorder.RecordingOptions;
import io.shadowcat.recorder.RecordingResult;
import io.shadowcat.storage.layer.ForwardingBackend;
import io.shadowcat.storage.layer.ForwardingWriter;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeStatus;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay never waits for the storage: with a storage that stops answering (every append blocked) and a
 * relay allowed to wait a minute for it, every request is still answered; with one that fails, the session
 * goes on and the tape counts what it lost.
 */
class HttpRecorderStorageTest {

    private static final int REQUESTS = 40;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<RecordingResult> results = new CopyOnWriteArrayList<>();
    private final CountDownLatch storageGate = new CountDownLatch(1);
    private LoopbackUpstream upstream;
    private Shadowcat shadowcat;
    private HttpRecorder proxy;

    @BeforeEach
    void startUpstream() throws Exception {
        upstream = LoopbackUpstream.start(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                String id = body.replaceAll(".*\"id\":(\\d+).*", "$1");
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.wrap(("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}")
                        .getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        shadowcat = Shadowcat.builder().withStorage("memory", Map.of()).build();
    }

    @AfterEach
    void stop() {
        storageGate.countDown();
        if (proxy != null) {
            proxy.stop();
        }
        shadowcat.close();
        try {
            upstream.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void startProxy(TapeStorageBackend storage) {
        RecordingOptions options = RecordingOptions.builder().maxRelayWait(Duration.ofMinutes(1)).build();
        proxy = HttpRecorder.start(storage, options, shadowcat.idGenerator(),
                upstream.mcpUrl(), new InetSocketAddress("127.0.0.1", 0),
                results::add);
    }

    /** Sends the requests one after another on one connection (one tape); returns how many got a 200. */
    private int sendAll() throws Exception {
        int ok = 0;
        for (int i = 1; i <= REQUESTS; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(proxy.clientUrl()))
                    .timeout(Duration.ofSeconds(30)) // far below the relay's allowed wait: a waiting relay fails here
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":" + i
                            + ",\"method\":\"ping\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"result\":{}}");
            ok += response.statusCode() == 200 ? 1 : 0;
        }
        return ok;
    }

    @Test
    void aStorageThatStopsAnsweringHoldsNoRequestBackAndGetsEveryMessageOnceItAnswers() throws Exception {
        AtomicInteger blockedAppends = new AtomicInteger();
        startProxy(new Wrapped(shadowcat.storage(), inner -> new ForwardingWriter(inner) {
            @Override
            public Optional<Duration> durabilityWindow() {
                return Optional.of(Duration.ofMillis(1)); // the relay would have to wait at once
            }

            @Override
            public void append(Frame frame) {
                if (storageGate.getCount() > 0) {
                    blockedAppends.incrementAndGet();
                }
                try {
                    storageGate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.append(frame);
            }
        }));

        assertThat(sendAll()).isEqualTo(REQUESTS);
        assertThat(blockedAppends).as("the storage was stuck the whole time").hasValue(1);

        storageGate.countDown();
        proxy.stop();
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.complete()).as("%s", r).isTrue();
            assertThat(r.framesRecorded()).isEqualTo(2L * REQUESTS);
        });
        Tape tape = shadowcat.storage().load(results.get(0).tapeId());
        assertThat(tape.frames()).hasSize(2 * REQUESTS);
        assertThat(tape.frames().get(2 * REQUESTS - 1).text()).contains("\"id\":" + REQUESTS);
    }

    @Test
    void aStorageThatFailsCostsTheTapeNotTheSession() throws Exception {
        AtomicInteger appends = new AtomicInteger();
        startProxy(new Wrapped(shadowcat.storage(), inner -> new ForwardingWriter(inner) {
            @Override
            public void append(Frame frame) {
                if (appends.incrementAndGet() > 10) {
                    throw new IllegalStateException("disk full (test)");
                }
                super.append(frame);
            }
        }));

        assertThat(sendAll()).isEqualTo(REQUESTS);

        proxy.stop();
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.complete()).isFalse();
            assertThat(r.messagesLost()).isPositive();
            assertThat(r.framesRecorded() + r.messagesLost()).isEqualTo(2L * REQUESTS);
            assertThat(r.storageProblem()).contains("disk full (test)");
        });
        TapeHeader header = shadowcat.storage().header(results.get(0).tapeId());
        assertThat(header.metadata().status()).isNotEqualTo(TapeStatus.FINALIZED);
    }

    /** A storage whose writers are wrapped by {@code writers}. */
    private static final class Wrapped extends ForwardingBackend {
        private final java.util.function.UnaryOperator<TapeWriter> writers;

        Wrapped(TapeStorageBackend inner, java.util.function.UnaryOperator<TapeWriter> writers) {
            super(inner);
            this.writers = writers;
        }

        @Override
        public TapeWriter openWriter(TapeHeader header) {
            return writers.apply(inner.openWriter(header));
        }
    }
}
