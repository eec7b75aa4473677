package io.ectar.tape;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records written before tape sets spanned volumes read as tapes of one volume; the new ones say what they are. */
class VolumeFormatCompatibilityTest {

    /** A label as ectar wrote it before volumes (docs/ectar-format.md 9.2, before issue 17). */
    private static final String OLD_LABEL = """
            ECTAR TAPE LABEL 1
            {
              "set_id" : "01bb7919-e82d-4d5d-866e-c6fb157a3a08",
              "tape" : 0,
              "data_shards" : 2,
              "parity_shards" : 1,
              "block_size" : 4096,
              "block_mode" : "VARIABLE",
              "tool" : "ectar 0.1.0",
              "created" : "2026-12-02T18:41:38Z",
              "archive" : "ts"
            }
            """;

    /** A directory as ectar wrote it before volumes: two chunks, the trailer files, no volume list. */
    private static final String OLD_DIRECTORY = "ECTAR TAPE DIRECTORY 1\n"
            + "{\"set_id\":\"01bb7919-e82d-4d5d-866e-c6fb157a3a08\",\"data_shards\":2,\"parity_shards\":1,"
            + "\"block_size\":4096,\"block_mode\":\"VARIABLE\",\"files\":["
            + "{\"file\":1,\"kind\":\"chunk\",\"chunk\":1,\"length\":10,\"records\":1,\"crc32c\":[\"a\",\"b\",\"c\"]},"
            + "{\"file\":2,\"kind\":\"chunk\",\"chunk\":2,\"length\":10,\"records\":1,\"crc32c\":[\"a\",\"b\",\"c\"]},"
            + "{\"file\":3,\"kind\":\"index-shard\",\"chunk\":0,\"length\":5,\"records\":1,\"crc32c\":[\"a\",\"b\",\"c\"]},"
            + "{\"file\":4,\"kind\":\"recovery\",\"chunk\":0,\"length\":5,\"records\":1,\"crc32c\":[\"a\",\"a\",\"a\"]},"
            + "{\"file\":5,\"kind\":\"index\",\"chunk\":0,\"length\":5,\"records\":1,\"crc32c\":[\"a\",\"a\",\"a\"]}],"
            + "\"dropped\":[],\"ended_at_early_warning\":false}\n";

    @Test
    void anOldLabelIsVolumeOneFromChunkOne() throws IOException {
        byte[] bytes = OLD_LABEL.getBytes(StandardCharsets.UTF_8);
        TapeLabel label = TapeLabel.decode(bytes, bytes.length);
        assertThat(label.volume()).isEqualTo(1);
        assertThat(label.firstFile()).isEqualTo(1);
        assertThat(label.firstChunk()).isEqualTo(1);
        assertThat(new String(label.encode(), StandardCharsets.UTF_8)).startsWith(TapeLabel.MAGIC + "\n");
    }

    @Test
    void aContinuationLabelHasItsOwnMagicSoOldReadersDoNotTakeItForATape() throws IOException {
        byte[] bytes = OLD_LABEL.getBytes(StandardCharsets.UTF_8);
        TapeLabel next = TapeLabel.decode(bytes, bytes.length).forVolume(3, 41, 40);
        byte[] encoded = next.encode();
        assertThat(new String(encoded, StandardCharsets.UTF_8)).startsWith("ECTAR TAPE LABEL 2\n");
        assertThat(TapeLabel.decode(encoded, encoded.length)).isEqualTo(next);
    }

    @Test
    void anOldDirectoryIsOneVolumePerTapeWithPhysicalEqualToLogicalFiles() throws IOException {
        byte[] bytes = OLD_DIRECTORY.getBytes(StandardCharsets.UTF_8);
        TapeDirectory d = TapeDirectory.decode(bytes, bytes.length);
        assertThat(d.volumes()).isEmpty();
        assertThat(d.multiVolume()).isFalse();
        for (int tape = 0; tape < 3; tape++) {
            List<TapeDirectory.Volume> volumes = d.volumesOf(tape);
            assertThat(volumes).singleElement().satisfies(v -> {
                assertThat(v.volume()).isEqualTo(1);
                assertThat(v.firstChunk()).isEqualTo(1);
                assertThat(v.lastChunk()).isEqualTo(2);
                assertThat(v.lastFile()).isEqualTo(6); // the directory itself
            });
            for (long file = 1; file <= 5; file++) {
                assertThat(d.locate(tape, file)).isEqualTo(new TapeDirectory.Location(tape, 1, file));
            }
        }
        // Written again without volumes spanning, it keeps the version old readers know.
        assertThat(new String(d.encode(), StandardCharsets.UTF_8)).startsWith("ECTAR TAPE DIRECTORY 1\n");
    }

    @Test
    void aDirectoryOfASpanningSetIsVersionTwoAndLocatesPerVolume() throws IOException {
        byte[] bytes = OLD_DIRECTORY.getBytes(StandardCharsets.UTF_8);
        TapeDirectory old = TapeDirectory.decode(bytes, bytes.length);
        List<TapeDirectory.Volume> volumes = List.of(
                new TapeDirectory.Volume(0, 1, 1, 1, 1, 1, "4", "ECT004L9", "/dev/nst0"),
                new TapeDirectory.Volume(0, 2, 2, 6, 2, 2, "9", null, "/dev/nst0"));
        TapeDirectory spanning = new TapeDirectory(old.setId(), 2, 1, 4096, BlockMode.VARIABLE, old.files(),
                old.dropped(), false, volumes);
        byte[] encoded = spanning.encode();
        assertThat(new String(encoded, StandardCharsets.UTF_8)).startsWith(TapeDirectory.MAGIC_VOLUMES + "\n");
        TapeDirectory back = TapeDirectory.decode(encoded, encoded.length);
        assertThat(back.volumes()).isEqualTo(volumes);
        assertThat(back.locate(0, 2)).isEqualTo(new TapeDirectory.Location(0, 2, 1));
        assertThat(back.locate(0, 5)).isEqualTo(new TapeDirectory.Location(0, 2, 4));
        assertThat(back.lastVolume(0)).isEqualTo(2);
        assertThat(back.lastVolume(1)).as("a tape without volume entries is one volume").isEqualTo(1);
        assertThat(volumes.get(0).describe()).isEqualTo("tape 0 volume 1 (slot 4, barcode ECT004L9)");
    }
}
