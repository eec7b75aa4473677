package io.shadowcat.recorder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.replay.ReplayOptions;
import io.shadowcat.replay.ReplayServer;
import io.shadowcat.replay.ReplayStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** A recorded session, replayed to the same client input, gives the same answers byte for byte. */
class RecordThenReplayTest {

    @Test
    void replayingTheTapeAnswersExactlyAsTheServerDid() {
        String session = String.join("\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"notify\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"x\",\"arguments\":{\"n\":1.50,\"s\":\"日本\"}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"fail\"}",
                "[{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"a\"},{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"b\",\"params\":[1,2]}]",
                "{\"jsonrpc\":\"2.0\",\"id\":\"seven\",\"method\":\"tools/call\",\"params\":{\"name\":\"x\",\"arguments\":{\"n\":1.50,\"s\":\"日本\"}}}",
                "");
        InMemoryTapes storage = new InMemoryTapes();
        ByteArrayOutputStream recorded = new ByteArrayOutputStream();
        new StdioRecorder(storage, RecordingOptions.builder().build())
                .record(Servers.scripted(), new ByteArrayInputStream(session.getBytes(UTF_8)), recorded);

        ByteArrayOutputStream replayed = new ByteArrayOutputStream();
        ReplayStats stats = new ReplayServer(storage.only().tape(), ReplayOptions.defaults())
                .serve(new ByteArrayInputStream(session.getBytes(UTF_8)), replayed);

        assertThat(replayed.toString(UTF_8)).isEqualTo(recorded.toString(UTF_8));
        assertThat(stats.requests()).isEqualTo(7);
        assertThat(stats.unmatched()).isZero();
        assertThat(stats.emitted()).isEqualTo(1);
    }
}
