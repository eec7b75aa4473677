package io.shadowcat.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.Shadowcat;
import io.shadowcat.http.serve.HttpReplayServer;
import io.shadowcat.http.wire.HttpFrameTransport;
import io.shadowcat.recorder.RecordingOptions;
import io.shadowcat.recorder.RecordingResult;
import io.shadowcat.replay.ReplayOptions;
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
 * Responses without a JSON-RPC message are frames too ({@code "no_message": true}, message {@code {}}): a
 * {@code 202} to a notification and a bodyless {@code 405} to a GET with its {@code Allow} header are on the tape,
 * and replay answers the GET with the recorded status and {@code Allow} instead of its guess, while never sending
 * such a frame as a message.
 */
class NoMessageFramesTest {

    private static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<RecordingResult> results = new CopyOnWriteArrayList<>();
    private LoopbackUpstream upstream;
    private Shadowcat shadowcat;
    private HttpRecorder proxy;
    private HttpReplayServer replay;

    @AfterEach
    void stop() throws Exception {
        if (replay != null) {
            replay.close();
        }
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
    void bodylessResponsesAreFramesWithTheirStatusAndHeadersAndReplayAnswersAsRecorded() throws Exception {
        startUpstream();
        shadowcat = Shadowcat.builder().withStorage("memory", Map.of()).build();
        proxy = HttpRecorder.start(shadowcat.storage(), RecordingOptions.builder().build(), shadowcat.idGenerator(),
                upstream.mcpUrl(),
                new InetSocketAddress("127.0.0.1", 0), results::add);
        URI url = URI.create(proxy.clientUrl());

        assertThat(send(url, "POST", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").body()).isEqualTo(ANSWER);
        assertThat(send(url, "POST", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode())
                .isEqualTo(202);
        HttpResponse<String> get = send(url, "GET", null);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");

        proxy.stop();
        assertThat(results).singleElement().satisfies(r -> assertThat(r.complete()).isTrue());
        Tape tape = shadowcat.storage().load(results.get(0).tapeId());
        List<Frame> frames = tape.frames();
        assertThat(frames).extracting(Frame::text).containsExactly("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                ANSWER, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", "{}", "{}");
        assertThat(frames.get(1).transport().path("http").has(HttpFrameTransport.NO_MESSAGE)).isFalse();
        assertThat(frames.get(3).transport().path("http").path("status").asInt()).isEqualTo(202);
        assertThat(frames.get(3).transport().path("http").path(HttpFrameTransport.NO_MESSAGE).asBoolean()).isTrue();
        assertThat(frames.get(4).transport().path("http").path("method").asText()).isEqualTo("GET");
        assertThat(frames.get(4).transport().path("http").path("status").asInt()).isEqualTo(405);
        assertThat(frames.get(4).transport().path("http").path("headers").path("Allow").asText()).isEqualTo("POST");
        assertThat(HttpReplayServer.conversationOf(tape).frames()).extracting(Frame::text)
                .as("what replay sends and matches: never a no_message frame").doesNotContain("{}").hasSize(3);

        replay = HttpReplayServer.start(tape, ReplayOptions.defaults(), "127.0.0.1", 0);
        HttpResponse<String> replayedGet = send(replay.endpoint(), "GET", null);
        assertThat(replayedGet.statusCode()).isEqualTo(405);
        assertThat(replayedGet.headers().firstValue("Allow")).as("the recorded Allow, not a guess").hasValue("POST");
        assertThat(replayedGet.body()).isEmpty();
    }

    private HttpResponse<String> send(URI url, String method, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).header("Accept", "application/json, text/event-stream");
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A stateless server: answers requests with JSON, notifications with 202, GET with a bodyless 405. */
    private void startUpstream() throws Exception {
        upstream = LoopbackUpstream.start(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                if ("GET".equals(request.getMethod())) {
                    response.setStatus(405);
                    response.getHeaders().put(HttpHeader.ALLOW, "POST");
                    callback.succeeded();
                } else if (!body.contains("\"id\"")) {
                    response.setStatus(202);
                    callback.succeeded();
                } else {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                    response.write(true, ByteBuffer.wrap(ANSWER.getBytes(StandardCharsets.UTF_8)), callback);
                }
                return true;
            }
        });
    }
}
