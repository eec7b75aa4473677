package io.shadowcat.http.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class RecordedBodyTest {

    private static final String TEXT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"text\":\"" + "abc".repeat(20_000) + "\"}}";

    private static String decode(RecordedBody body, byte[] encoded, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length; i += chunk) {
            boolean ok = body.feed(ByteBuffer.wrap(encoded, i, Math.min(chunk, encoded.length - i)), b -> {
                byte[] copy = new byte[b.remaining()];
                b.get(copy);
                out.write(copy, 0, copy.length);
            });
            if (!ok) {
                return null;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void gzipIsInflatedWhateverTheChunkBoundaries() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(TEXT.getBytes(StandardCharsets.UTF_8));
        }
        for (int chunk : new int[] {1, 7, 4096, 1 << 20}) {
            assertEquals(TEXT, decode(RecordedBody.of("gzip"), gz.toByteArray(), chunk), "chunks of " + chunk);
        }
    }

    @Test
    void aGzipHeaderWithANameAndExtraFieldIsSkipped() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(raw, new java.util.zip.Deflater(6, true))) {
            out.write(TEXT.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        gz.write(new byte[] {0x1f, (byte) 0x8b, 8, 4 | 8, 0, 0, 0, 0, 0, 3, 2, 0, 'x', 'y'});
        gz.write("name.json\0".getBytes(StandardCharsets.ISO_8859_1));
        gz.write(raw.toByteArray());
        gz.write(new byte[8]); // trailer (not checked: the client checks what it gets)
        assertEquals(TEXT, decode(RecordedBody.of("GZIP"), gz.toByteArray(), 3));
    }

    @Test
    void deflateIsZlibInflatedAndIdentityPassesThrough() throws IOException {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(z)) {
            out.write(TEXT.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(TEXT, decode(RecordedBody.of("deflate"), z.toByteArray(), 100));
        assertEquals(TEXT, decode(RecordedBody.of(null), TEXT.getBytes(StandardCharsets.UTF_8), 100));
        assertEquals(TEXT, decode(RecordedBody.of(" identity "), TEXT.getBytes(StandardCharsets.UTF_8), 100));
    }

    @Test
    void codingsItCannotReadAndMalformedBodiesAreReportedNotGuessed() {
        assertNull(RecordedBody.of("br"));
        assertNull(RecordedBody.of("gzip, br"));
        assertNull(decode(RecordedBody.of("gzip"), TEXT.getBytes(StandardCharsets.UTF_8), 100));
        RecordedBody deflate = RecordedBody.of("deflate");
        assertFalse(deflate.feed(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6}), b -> { }));
    }
}
