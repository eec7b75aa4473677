package io.shadowcat.recorder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.Shadowcat;
import io.shadowcat.replay.ReplayOptions;
import io.shadowcat.replay.ReplayServer;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording into the real {@code filesystem} provider: what is written is what is read back and replayed. */
class RecordToFilesystemTest {

    @TempDir
    Path dir;

    @Test
    void aRecordedSessionSurvivesTheJsonLinesFilesAndReplaysTheSame() throws Exception {
        String session = String.join("\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"clientInfo\":{\"name\":\"fs-client\",\"version\":\"2\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"notify\",\"params\":{\"n\":1.10,\"big\":123456789012345678901234567890}}",
                "[{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"a\"},{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"fail\"}]",
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"login\",\"params\":{\"password\":\"hunter2\"}}",
                "not json, noted",
                "");
        ByteArrayOutputStream recorded = new ByteArrayOutputStream();
        Tape tape;
        try (Shadowcat shadowcat = Shadowcat.builder().withStorage("filesystem", Map.of("path", dir.toString())).build()) {
            RecordingResult result = new StdioRecorder(shadowcat.storage(), RecordingOptions.builder().tags(List.of("fs")).build())
                    .record(Servers.scripted(), new ByteArrayInputStream(session.getBytes(UTF_8)), recorded);
            assertThat(result.complete()).isTrue();
            tape = shadowcat.storage().load(result.tapeId());
        }
        // a fresh backend reads the files back
        try (Shadowcat again = Shadowcat.builder().withStorage("filesystem", Map.of("path", dir.toString())).build()) {
            assertThat(again.storage().load(tape.id())).isEqualTo(tape);
        }

        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .contains(tape.id() + ".jsonl", tape.id() + ".meta.json");
        assertThat(tape.metadata().status()).isEqualTo(TapeStatus.FINALIZED);
        assertThat(tape.metadata().tags()).containsExactly("fs");
        assertThat(tape.metadata().name()).isEqualTo("scripted-server 1.2.3");
        assertThat(tape.header().protocolVersion()).isEqualTo("2025-06-18");
        List<Frame> frames = tape.frames();
        assertThat(frames).allSatisfy(f -> assertThat(f.timestamp()).isNotNull());
        Frame withNumbers = frames.stream().filter(f -> "notify".equals(f.method())).findFirst().orElseThrow();
        assertThat(withNumbers.message().at("/params/n").toString()).isEqualTo("1.10");
        assertThat(withNumbers.message().at("/params/big").toString()).isEqualTo("123456789012345678901234567890");
        assertThat(withNumbers.message().get("id").isTextual()).isTrue();
        assertThat(frames).filteredOn(f -> f.direction() == Direction.CLIENT_TO_SERVER && f.message().isArray()).hasSize(1);
        assertThat(frames).filteredOn(f -> f.message().isTextual())
                .extracting(f -> f.message().asText()).containsExactly("not json, noted", "not json, noted");
        assertThat(frames.stream().filter(f -> "login".equals(f.method())).findFirst().orElseThrow()
                .message().at("/params/password").asText()).isEqualTo(Redactor.MASK);
        assertThat(tape.correlations()).hasSize(5);

        ByteArrayOutputStream replayed = new ByteArrayOutputStream();
        String jsonOnly = session.replace("not json, noted\n", "");
        new ReplayServer(tape, ReplayOptions.defaults()).serve(new ByteArrayInputStream(jsonOnly.getBytes(UTF_8)), replayed);
        // the same answers, except that the secret the server echoed was masked on the tape
        assertThat(replayed.toString(UTF_8)).isEqualTo(recorded.toString(UTF_8).replace("not json, noted\n", "")
                .replace("hunter2", Redactor.MASK));
    }
}
