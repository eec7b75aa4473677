package io.shadowcat.tape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LegacyJsonTapeTest {

    private static final String LEGACY = "{\"metadata\":{\"id\":\"legacy-1\",\"session_id\":\"sess\",\"name\":\"Old\","
            + "\"transport_type\":\"stdio\",\"created_at\":\"2024-05-01T12:00:00Z\",\"duration_ms\":30,"
            + "\"frame_count\":3,\"total_bytes\":999,\"tags\":[\"old\"]},"
            + "\"frames\":[{\"id\":\"f1\",\"session_id\":\"sess\",\"timestamp\":\"2024-05-01T12:00:00.010Z\","
            + "\"direction\":\"ClientToServer\",\"message\":{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"id\":1}},"
            + "{\"id\":\"f2\",\"timestamp\":1714564800030,\"direction\":\"ServerToClient\","
            + "\"envelope\":{\"message\":{\"jsonrpc\":\"2.0\",\"result\":{\"tools\":[]},\"id\":1}}},"
            + "{\"id\":\"f3\",\"direction\":\"Sideways\",\"message\":{}}]}";

    @Test
    void importsMetadataAndFramesInBothShapes() throws Exception {
        Tape tape = LegacyJsonTape.read(new ByteArrayInputStream(LEGACY.getBytes(StandardCharsets.UTF_8)), null, "old.json");
        assertThat(tape.id().value()).isEqualTo("legacy-1");
        assertThat(tape.header().sessionId()).isEqualTo("sess");
        assertThat(tape.metadata().name()).isEqualTo("Old");
        assertThat(tape.metadata().tags()).containsExactly("old");
        assertThat(tape.metadata().transport().type()).isEqualTo("stdio");
        assertThat(tape.metadata().status()).isEqualTo(TapeStatus.FINALIZED);
        assertThat(tape.frames()).hasSize(2);
        assertThat(tape.frames().get(0).ts()).isEqualTo(10);
        assertThat(tape.frames().get(0).method()).isEqualTo("tools/list");
        assertThat(tape.frames().get(1).seq()).isEqualTo(1);
        assertThat(tape.frames().get(1).ts()).isEqualTo(30);
        assertThat(tape.frames().get(1).direction()).isEqualTo(Direction.SERVER_TO_CLIENT);
        assertThat(tape.frames().get(1).timestamp()).isEqualTo(Instant.parse("2024-05-01T12:00:00.030Z"));
        assertThat(tape.metadata().stats().frameCount()).isEqualTo(2);
    }

    @Test
    void invalidIdIsRejectedUnlessOverridden() throws Exception {
        String bad = LEGACY.replace("legacy-1", "legacy.1");
        assertThatThrownBy(() -> LegacyJsonTape.read(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)),
                null, "bad.json")).isInstanceOf(TapeFormatException.class).hasMessageContaining("legacy.1");
        Tape tape = LegacyJsonTape.read(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)),
                TapeId.of("renamed"), "bad.json");
        assertThat(tape.id().value()).isEqualTo("renamed");
    }
}
