package io.ectar.archive;

import io.ectar.archive.internal.create.ChunkEncoder;
import io.ectar.archive.internal.create.ChunkStream;
import io.ectar.archive.internal.create.ChunkStreamTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tar streams written byte by byte, for headers no well-behaved writer makes (negative sizes, broken pax
 * records), and an archive of k+m shards around one.
 */
final class RawTar {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A ustar header record; {@code size} as octal text, or as given raw in {@code sizeField} when not null. */
    RawTar header(String name, char type, long size, byte[] sizeField, String link) {
        byte[] r = new byte[512];
        put(r, 0, name.getBytes(StandardCharsets.UTF_8), 100);
        put(r, 100, "0000644\0".getBytes(StandardCharsets.US_ASCII), 8);
        put(r, 108, "0001750\0".getBytes(StandardCharsets.US_ASCII), 8);
        put(r, 116, "0001750\0".getBytes(StandardCharsets.US_ASCII), 8);
        byte[] s = sizeField != null ? sizeField
                : String.format("%011o\0", size).getBytes(StandardCharsets.US_ASCII);
        put(r, 124, s, 12);
        put(r, 136, String.format("%011o\0", 1_700_000_000L).getBytes(StandardCharsets.US_ASCII), 12);
        r[156] = (byte) type;
        if (link != null) {
            put(r, 157, link.getBytes(StandardCharsets.UTF_8), 100);
        }
        put(r, 257, "ustar\0".getBytes(StandardCharsets.US_ASCII), 6);
        put(r, 263, "00".getBytes(StandardCharsets.US_ASCII), 2);
        long sum = 8 * ' ';
        for (int i = 0; i < 512; i++) {
            if (i < 148 || i >= 156) {
                sum += r[i] & 0xFF;
            }
        }
        put(r, 148, String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII), 8);
        out.writeBytes(r);
        return this;
    }

    /** A pax extended header ({@code x}) holding exactly {@code records}. */
    RawTar pax(byte[] records) {
        header("PaxHeaders/x", 'x', records.length, null, null);
        return data(records);
    }

    /** A pax extended header with one well-formed record {@code key=value}. */
    RawTar pax(String key, String value) {
        return pax(record(key, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** One pax record with its correct length. */
    static byte[] record(String key, byte[] value) {
        byte[] kv = (key + "=").getBytes(StandardCharsets.UTF_8);
        int body = kv.length + value.length + 2; // space and newline
        int len = body + Integer.toString(body).length();
        if (Integer.toString(len).length() != Integer.toString(body).length()) {
            len++;
        }
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.writeBytes((len + " ").getBytes(StandardCharsets.US_ASCII));
        r.writeBytes(kv);
        r.writeBytes(value);
        r.write('\n');
        return r.toByteArray();
    }

    /** A regular file. */
    RawTar file(String name, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        header(name, '0', data.length, null, null);
        return data(data);
    }

    /** Data and its padding to 512 bytes. */
    RawTar data(byte[] data) {
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        return this;
    }

    /** The stream with its end marker. */
    byte[] end() {
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    /** An archive (2+1 shards, no index) of the tar stream in {@code dir}. */
    static Path archive(byte[] tar, Path dir) throws Exception {
        Files.createDirectories(dir);
        io.ectar.codec.ZfecCodec codec = io.ectar.codec.ZfecCodec.create(2, 3);
        try (DirectoryShardSink sink = DirectoryShardSink.open(dir, Archives.BASE, false)) {
            ChunkEncoder encoder = new ChunkEncoder(codec, sink, 1);
            try (ChunkStream chunks = new ChunkStream(1 << 20, 3, 1, ChunkStreamTest.ID, encoder::submit)) {
                chunks.write(tar);
                chunks.finish();
            }
            encoder.finish();
            sink.finish();
        }
        return dir;
    }

    private static void put(byte[] r, int off, byte[] v, int max) {
        System.arraycopy(v, 0, r, off, Math.min(v.length, max));
    }
}
