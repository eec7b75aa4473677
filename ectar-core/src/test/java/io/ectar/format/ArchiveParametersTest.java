package io.ectar.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ectar.format.ArchiveParameters.Codec;
import io.ectar.format.ArchiveParameters.Compression;
import io.ectar.format.ArchiveParameters.Layout;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Compression, codec and layout are types; the index keeps their names, and unknown names are refused. */
class ArchiveParametersTest {

    private static final String INDEX = "{\"format_version\":1,\"parameters\":{\"data_shards\":2,\"parity_shards\":1,"
            + "\"chunk_size\":4096,%s},\"entries\":[],\"chunks\":[]}";

    private static ArchiveParameters read(String fields) throws Exception {
        String json = String.format(INDEX, fields);
        return IndexJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))).parameters();
    }

    @Test
    void theIndexNamesParseIntoTheTypes() throws Exception {
        ArchiveParameters zstd = read("\"compression\":\"zstd\",\"compression_level\":7,\"codec\":\"zfec\","
                + "\"layout\":\"tape\"");
        assertThat(zstd.compression()).isEqualTo(new Compression.Zstd(7));
        assertThat(zstd.compressed()).isTrue();
        assertThat(zstd.codec()).isEqualTo(Codec.ZFEC);
        assertThat(zstd.layout()).isEqualTo(Layout.TAPE);
        ArchiveParameters none = read("\"compression\":\"none\"");
        assertThat(none.compression()).isEqualTo(Compression.NONE);
        assertThat(none.compressed()).isFalse();
        assertThat(none.layout()).isEqualTo(Layout.DIRECTORY);
    }

    @Test
    void everyTypeWritesBackTheNameItWasReadFrom() {
        assertThat(Compression.of("zstd", 3).wireName()).isEqualTo("zstd");
        assertThat(Compression.of("zstd", 3).level()).isEqualTo(3);
        assertThat(Compression.of("none", 0)).isEqualTo(Compression.NONE);
        assertThat(Compression.NONE.wireName()).isEqualTo("none");
        assertThat(Compression.NONE.level()).as("written as compression_level 0, as before").isZero();
        assertThat(Compression.UNKNOWN.wireName()).isEqualTo("unknown");
        for (Codec c : Codec.values()) {
            assertThat(Codec.of(c.wireName())).isEqualTo(c);
        }
        for (Layout l : Layout.values()) {
            assertThat(Layout.of(l.wireName())).isEqualTo(l);
        }
        assertThat(Layout.DIRECTORY.wireName()).isEqualTo("directory");
        assertThat(Codec.ZFEC.wireName()).isEqualTo("zfec");
    }

    @Test
    void aNameFromANewerWriterIsRefusedByName() {
        assertThatThrownBy(() -> read("\"compression\":\"brotli\"")).isInstanceOf(IndexFormatException.class)
                .hasMessageContaining("not valid ectar index JSON")
                .hasMessageContaining("unknown compression 'brotli'");
        assertThatThrownBy(() -> read("\"compression\":\"zstd\",\"codec\":\"rs\""))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("unknown codec 'rs'");
        assertThatThrownBy(() -> read("\"compression\":\"zstd\",\"layout\":\"s3\""))
                .isInstanceOf(IndexFormatException.class).hasMessageContaining("unknown layout 's3'");
    }
}
