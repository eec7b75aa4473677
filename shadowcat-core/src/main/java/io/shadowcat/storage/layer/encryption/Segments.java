package io.shadowcat.storage.layer.encryption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.FrameFlags;
import io.shadowcat.tape.JsonLinesTapeReader;
import io.shadowcat.tape.JsonLinesTapeWriter;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A segment: a run of a tape's records, stored as one provider frame whose message is
 * {@code {"age":"BASE64"}}, the base64 of a complete age file. Decrypted, a segment is a Shadowcat JSON
 * Lines tape on its own: its {@code init} record, a {@code {"type":"segment","index":N}} line (readers
 * skip unknown record types), then the records. The provider frame's seq is the segment's index, its ts
 * 0 and its direction always client-to-server, so the provider learns nothing but sizes and counts.
 */
final class Segments {

    /**
     * A segment is sealed once its plaintext reaches this size (or on flush). Each age file costs two X25519
     * operations (the JDK's are slow: at 256 KiB they took a fifth of an encrypted append), so segments are large; a live
     * writer holds at most one segment.
     */
    static final int TARGET_BYTES = 1 << 20;

    private Segments() {
    }

    /** The plaintext of one segment being filled. Not thread-safe. */
    static final class Builder {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream(16 * 1024);
        private final JsonLinesTapeWriter lines;
        private final int headerBytes;
        private int records;

        Builder(TapeHeader header, long index) {
            try {
                lines = new JsonLinesTapeWriter(buf, header);
                lines.write(header);
                lines.flush();
                buf.write(("{\"type\":\"segment\",\"index\":" + index + "}\n").getBytes(StandardCharsets.US_ASCII));
                headerBytes = buf.size();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void add(TapeRecord record) {
            try {
                lines.write(record);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            records++;
        }

        boolean isEmpty() {
            return records == 0;
        }

        boolean full() {
            return buf.size() + lines.buffered() - headerBytes >= TARGET_BYTES;
        }

        byte[] bytes() {
            try {
                lines.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return buf.toByteArray();
        }
    }

    /**
     * The provider frame holding segment {@code index}'s age file. The age file is a binary JSON node, which
     * Jackson writes as a base64 string: so it is base64 in every stored form, while providers that index
     * a message's strings (sqlite's trigram full-text index) have no text of it to index.
     */
    static Frame stored(long index, byte[] ageFile) {
        ObjectNode message = TapeJson.mapper().createObjectNode();
        message.put("age", ageFile);
        return new Frame(index, 0, Direction.CLIENT_TO_SERVER, message, null, null, FrameFlags.NONE, null);
    }

    /** The age file a provider frame holds. */
    static byte[] ageFile(TapeId tape, Frame stored) {
        JsonNode age = stored.message().get("age");
        if (age != null && age.isBinary()) { // as handed to a provider that keeps messages as they are
            try {
                return age.binaryValue();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (age == null || !age.isTextual()) {
            throw AgeCipher.damaged(tape, "segment " + stored.seq(), "the stored record holds no age file", null);
        }
        try {
            return Base64.getDecoder().decode(age.asText());
        } catch (IllegalArgumentException e) {
            throw AgeCipher.damaged(tape, "segment " + stored.seq(), "the stored record is not base64", e);
        }
    }

    /** The records of a decrypted segment, checked to belong to {@code tape} at {@code index}. */
    static List<TapeRecord> records(TapeId tape, long index, byte[] plain) {
        String part = "segment " + index;
        int first = indexOf(plain, 0);
        int second = first < 0 ? -1 : indexOf(plain, first + 1);
        if (second < 0) {
            throw AgeCipher.damaged(tape, part, "decrypted, but not a segment", null);
        }
        JsonNode marker;
        try {
            marker = TapeJson.mapper().readTree(new String(plain, first + 1, second - first - 1, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw AgeCipher.damaged(tape, part, "decrypted, but its segment line is not JSON", e);
        }
        if (!"segment".equals(marker.path("type").asText()) || marker.path("index").asLong(-1) != index) {
            throw AgeCipher.damaged(tape, part, "it holds segment " + marker.path("index").asText("?")
                    + ": segments were moved or replaced", null);
        }
        List<TapeRecord> out = new ArrayList<>();
        try (JsonLinesTapeReader reader = new JsonLinesTapeReader(new ByteArrayInputStream(plain),
                "tape " + tape + " " + part, tape)) {
            for (TapeRecord r = reader.next(); r != null; r = reader.next()) {
                out.add(r);
            }
            TapeHeader init = reader.header();
            if (init == null || !init.id().equals(tape)) {
                throw AgeCipher.damaged(tape, part, "it belongs to tape " + (init == null ? "?" : init.id()), null);
            }
            if (reader.skippedLines() > 0 || reader.hadTornTail()) {
                throw AgeCipher.damaged(tape, part, "decrypted, but holds unreadable records", null);
            }
        } catch (IOException e) {
            throw AgeCipher.damaged(tape, part, "decrypted, but unreadable (" + e.getMessage() + ")", e);
        }
        return out;
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
