package io.shadowcat.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.Shadowcat;
import io.shadowcat.recorder.RecordingOptions;
import io.shadowcat.recorder.RecordingResult;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A JSON-RPC batch over HTTP (allowed by the 2025-03-26 revision): relayed byte for byte both ways, one frame
 * per body with its text as sent, and the batch's requests paired with their responses element by element.
 */
class HttpBatchTest {

    private static final String BATCH = "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}, "
            + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"tools/list\",\"params\":{\"cursor\":null}}]";
    private static final String ANSWERS = "[{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"result\":{\"tools\":[]}},"
            + "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}]";

    private final List<RecordingResult> results = new CopyOnWriteArrayList<>();
    private final List<String> upstreamGot = new CopyOnWriteArrayList<>();
    private LoopbackUpstream upstream;
    private Shadowcat shadowcat;
    private HttpRecorder proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
        if (shadowcat != null) {
            shadowcat.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aBatchIsRelayedAsItIsAndRecordedAsOneFramePerBodyWithItsRequestsPaired() throws Exception {
        upstream = LoopbackUpstream.start(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                upstreamGot.add(Content.Source.asString(request, StandardCharsets.UTF_8));
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.wrap(ANSWERS.getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        shadowcat = Shadowcat.builder().withStorage("memory", Map.of()).build();
        proxy = HttpRecorder.start(shadowcat.storage(), RecordingOptions.builder().build(), shadowcat.idGenerator(),
                upstream.mcpUrl(), new InetSocketAddress("127.0.0.1", 0),
                results::add);

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(URI.create(proxy.clientUrl()))
                        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(BATCH)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(ANSWERS);
        assertThat(upstreamGot).containsExactly(BATCH);

        proxy.stop();
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.complete()).isTrue();
            assertThat(r.unanswered()).isZero();
        });
        Tape tape = shadowcat.storage().load(results.get(0).tapeId());
        assertThat(tape.frames()).extracting(Frame::direction)
                .containsExactly(Direction.CLIENT_TO_SERVER, Direction.SERVER_TO_CLIENT);
        assertThat(tape.frames()).extracting(Frame::text).containsExactly(BATCH, ANSWERS);
        assertThat(tape.frames().get(0).transport().path("http").path("method").asText()).isEqualTo("POST");
        assertThat(tape.correlations()).hasSize(2).allSatisfy(c -> {
            assertThat(c.answered()).isTrue();
            assertThat(c.requestSeq()).isZero();
            assertThat(c.responseSeq()).isEqualTo(1L);
        });
    }
}
