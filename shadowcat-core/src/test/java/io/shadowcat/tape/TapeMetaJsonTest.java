package io.shadowcat.tape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import io.shadowcat.storage.support.TapeMetaJson;

class TapeMetaJsonTest {

    @Test
    void exampleReadsBackExactlyAndIsRewrittenAsTheSameJson() throws Exception {
        byte[] example = Resources.bytes("example-complete.meta.json");
        TapeHeader h = TapeMetaJson.read(new ByteArrayInputStream(example), "example.meta.json");
        TapeMetadata m = h.metadata();
        assertThat(h.id().value()).isEqualTo("a1b2c3d4-e5f6-7890-abcd-ef1234567890");
        assertThat(h.createdAt()).isEqualTo(Instant.parse("2025-08-14T10:30:00Z"));
        assertThat(m.name()).isEqualTo("Complete Example Recording");
        assertThat(m.tags()).containsExactly("example", "test", "documentation");
        assertThat(m.status()).isEqualTo(TapeStatus.FINALIZED);
        assertThat(m.finalizedAt()).isEqualTo(Instant.parse("2025-08-14T10:30:00.400Z"));
        assertThat(m.transport()).isEqualTo(new TransportInfo("stdio", "mcp-server", List.of("--debug"), 12345L));
        assertThat(m.environment()).isEqualTo(new EnvironmentInfo("darwin", "0.1.0", "dev-machine", "developer"));
        assertThat(m.stats()).isEqualTo(new TapeStats(5, 200, 2819, 4, 3, 2, 0, 2, 1));
        assertThat(m.performance()).isEqualTo(new TapePerformance(35, 50, 20, 25));

        byte[] written = TapeMetaJson.toBytes(h);
        assertThat(TapeJson.mapper().readTree(written)).isEqualTo(TapeJson.mapper().readTree(example));
        assertThat(new String(written, StandardCharsets.UTF_8)).contains("\n  \"name\": \"Complete Example Recording\"");
        assertThat(TapeMetaJson.read(new ByteArrayInputStream(written), "again")).isEqualTo(h);
    }

    @Test
    void lenientAboutStatusCaseMissingStatsAndUnknownFields() throws Exception {
        String json = "{\"tape_id\":\"x\",\"created_at\":\"2025-01-01T01:00:00+01:00\",\"status\":\"FINALIZED\","
                + "\"stats\":{\"frame_count\":3},\"later_field\":[1,2]}";
        TapeHeader h = TapeMetaJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "x.meta.json");
        assertThat(h.createdAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(h.metadata().status()).isEqualTo(TapeStatus.FINALIZED);
        assertThat(h.metadata().stats().frameCount()).isEqualTo(3);
        assertThat(h.metadata().stats().errorCount()).isZero();
    }

    @Test
    void badFilesAreNamed() {
        assertThatThrownBy(() -> TapeMetaJson.read(new ByteArrayInputStream("{nope".getBytes(StandardCharsets.UTF_8)),
                "bad.meta.json")).isInstanceOf(TapeFormatException.class).hasMessageContaining("bad.meta.json");
        assertThatThrownBy(() -> TapeMetaJson.read(new ByteArrayInputStream("{\"tape_id\":\"../etc\"}"
                .getBytes(StandardCharsets.UTF_8)), "evil.meta.json")).hasMessageContaining("no valid tape_id");
    }
}
