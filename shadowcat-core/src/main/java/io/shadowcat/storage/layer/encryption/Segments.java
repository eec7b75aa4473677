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
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A segment: a run of a tape's records encrypted as one complete age file, stored as provider frames
 * ("parts") of at most {@value #PART_BYTES} bytes of it each. Decrypted, a segment is a Shadowcat JSON
 * Lines tape on its own: its {@code init} record, a {@code {"type":"segment","index":N}} line (readers
 * skip unknown record types), then the records. The provider frames' seqs count the parts from 0, their
 * ts is 0 and their direction always client-to-server, so the provider learns nothing but sizes and counts.
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
        private long drained;

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
            return drained + buf.size() + lines.buffered() - headerBytes >= TARGET_BYTES;
        }

        /**
         * The plaintext written since the last drain, once it has reached {@code atLeast} bytes (else null), so
         * that it can be encrypted while the segment goes on filling; {@link #bytes} then returns the rest.
         */
        byte[] drain(int atLeast) {
            if (buf.size() < atLeast) {
                return null;
            }
            byte[] out = buf.toByteArray();
            drained += out.length;
            buf.reset();
            return out;
        }

        /** The segment's plaintext not drained yet (all of it when nothing was). */
        byte[] bytes() {
            try {
                lines.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return buf.toByteArray();
        }
    }

    /** A stored record holds at most this many bytes of its segment's age file (providers page by records). */
    static final int PART_BYTES = 32 * 1024;

    /** One stored record: a slice of segment {@code segment}'s age file. */
    record Part(long segment, int part, int parts, byte[] bytes) {
        boolean last() {
            return part == parts - 1;
        }
    }

    /**
     * The provider frames holding segment {@code segment}'s age file, cut in parts of {@value #PART_BYTES}
     * bytes, with seqs from {@code firstSeq}. Each message is {@code {"segment":K,"part":I,"parts":N,"age":..}}
     * where {@code age} is a binary JSON node, which Jackson writes as a base64 string: base64 in every stored
     * form, while providers that index a message's strings (sqlite's trigram full-text index) have no text of
     * it to index. The age file is the parts' bytes concatenated.
     */
    static List<Frame> stored(long firstSeq, long segment, byte[] ageFile) {
        int parts = Math.max(1, (ageFile.length + PART_BYTES - 1) / PART_BYTES);
        List<Frame> out = new ArrayList<>(parts);
        Base64.Encoder base64 = Base64.getEncoder();
        for (int i = 0; i < parts; i++) {
            int from = i * PART_BYTES;
            byte[] slice = Arrays.copyOfRange(ageFile, from, Math.min(ageFile.length, from + PART_BYTES));
            ObjectNode message = TapeJson.mapper().createObjectNode();
            message.put("segment", segment);
            message.put("part", i);
            message.put("parts", parts);
            message.put("age", slice);
            // the text Jackson would write for this message (a binary node is standard base64 with padding),
            // made with the JDK's intrinsic encoder instead: Jackson's took a tenth of an encrypted append
            String text = "{\"segment\":" + segment + ",\"part\":" + i + ",\"parts\":" + parts + ",\"age\":\""
                    + base64.encodeToString(slice) + "\"}";
            out.add(new Frame(firstSeq + i, 0, Direction.CLIENT_TO_SERVER, message, null, null, FrameFlags.NONE, null,
                    text));
        }
        return out;
    }

    /** The part a provider frame holds. */
    static Part part(TapeId tape, Frame stored) {
        JsonNode m = stored.message();
        String where = "stored record " + stored.seq();
        JsonNode age = m.get("age");
        if (!m.path("segment").canConvertToLong() || !m.path("part").canConvertToInt()
                || !m.path("parts").canConvertToInt() || age == null) {
            throw AgeCipher.damaged(tape, where, "it holds no part of an age file", null);
        }
        byte[] bytes;
        try {
            bytes = age.isBinary() ? age.binaryValue() // as handed to a provider that keeps messages as they are
                    : age.isTextual() ? Base64.getDecoder().decode(age.asText()) : null;
        } catch (IOException | IllegalArgumentException e) {
            throw AgeCipher.damaged(tape, where, "its age part is not base64", e);
        }
        if (bytes == null) {
            throw AgeCipher.damaged(tape, where, "it holds no part of an age file", null);
        }
        return new Part(m.get("segment").asLong(), m.get("part").asInt(), m.get("parts").asInt(), bytes);
    }

    /** Joins parts back into segments, checking that each comes where it belongs. Not thread-safe. */
    static final class Joiner {
        private final TapeId tape;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private long nextSeq;
        private long segment;
        private int part;

        Joiner(TapeId tape) {
            this.tape = tape;
        }

        /** Takes the next stored frame; returns the age file of the segment it completes, or null. */
        byte[] accept(Frame stored) {
            if (stored.seq() != nextSeq) {
                throw AgeCipher.damaged(tape, "segment " + segment, "stored record " + nextSeq + " is missing (the next"
                        + " is " + stored.seq() + ")", null);
            }
            Part p = part(tape, stored);
            if (p.segment() != segment || p.part() != part || p.parts() <= part) {
                throw AgeCipher.damaged(tape, "segment " + segment, "stored record " + stored.seq() + " holds part "
                        + p.part() + " of segment " + p.segment() + " where part " + part + " belongs: records were"
                        + " moved or removed", null);
            }
            nextSeq++;
            pending.writeBytes(p.bytes());
            if (!p.last()) {
                part++;
                return null;
            }
            byte[] file = pending.toByteArray();
            pending.reset();
            segment++;
            part = 0;
            return file;
        }

        /** The segments completed so far. */
        long segments() {
            return segment;
        }

        /** True while a segment has only some of its parts. */
        boolean midSegment() {
            return part > 0;
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
