package io.ectar.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The index as JSON: {@link Writer} streams it (entries as they are archived, chunks at the end), and
 * {@link #read(InputStream)} parses it back. Unknown fields are ignored so that newer minor additions
 * stay readable; a newer format version is refused.
 *
 * <p>Entries are written by {@link #writeEntry}, which listings reuse so that {@code ectar list --format json}
 * prints exactly the index's entry objects.
 */
public final class IndexJson {

    /**
     * The longest text value (a path, link target, user or group name) an index may hold, in characters. Far
     * above any path a file system gives (Linux: 4096 bytes), and small enough that a hostile index (one
     * string that decompresses to gigabytes) is refused after a megabyte instead of filling the heap.
     */
    public static final int MAX_TEXT_LENGTH = 1 << 20;

    /** zfec codes at most 256 shards: a chunk record with more shard checksums is not an index's. */
    private static final int MAX_SHARDS = 256;

    /**
     * jackson-core's streaming parser and generator only: data binding would cost a few hundred milliseconds
     * of class loading and initialisation on every run of the command line, for no gain on a flat format.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_TEXT_LENGTH).build())
            .build();

    private IndexJson() {
    }

    /** Streams one index: header first, then {@link #entry} per entry, then {@link #finish}. */
    public static final class Writer implements AutoCloseable {
        private final JsonGenerator json;
        private boolean finished;

        /** Starts the index with its header; {@code out} is closed by {@link #close()}. */
        public Writer(OutputStream out, String tool, Instant created, ArchiveParameters p) throws IOException {
            json = FACTORY.createGenerator(out);
            json.writeStartObject();
            json.writeStringField("format", "ectar-index");
            json.writeNumberField("format_version", ArchiveIndex.FORMAT_VERSION);
            json.writeStringField("tool", tool);
            json.writeStringField("created", IsoInstant.format(created));
            json.writeObjectFieldStart("parameters");
            json.writeNumberField("data_shards", p.dataShards());
            json.writeNumberField("parity_shards", p.parityShards());
            json.writeNumberField("total_shards", p.totalShards());
            json.writeNumberField("chunk_size", p.chunkSize());
            json.writeStringField("compression", p.compression().wireName());
            json.writeNumberField("compression_level", p.compression().level());
            json.writeStringField("codec", p.codec().wireName());
            json.writeStringField("layout", p.layout().wireName());
            if (p.archiveId() != null) {
                json.writeStringField("archive_id", p.archiveId());
            }
            json.writeEndObject();
            json.writeArrayFieldStart("entries");
        }

        /** Adds the next entry (entries must come in tar-stream order). */
        public void entry(IndexEntry e) throws IOException {
            writeEntry(json, e, true);
        }

        /** Ends the entries and writes the chunks. */
        public void finish(List<ChunkRecord> chunks) throws IOException {
            json.writeEndArray();
            json.writeArrayFieldStart("chunks");
            for (ChunkRecord c : chunks) {
                json.writeStartObject();
                json.writeNumberField("chunk", c.number());
                json.writeNumberField("payload_length", c.payloadLength());
                json.writeStringField("payload_sha256", c.payloadSha256());
                json.writeNumberField("uncompressed_offset", c.uncompressedOffset());
                json.writeNumberField("uncompressed_length", c.uncompressedLength());
                json.writeNumberField("shard_length", c.shardLength());
                json.writeArrayFieldStart("shard_sha256");
                for (String s : c.shardSha256()) {
                    json.writeString(s);
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
            finished = true;
        }

        @Override
        public void close() throws IOException {
            json.close();
            if (!finished) {
                throw new IOException("index writer closed before finish()");
            }
        }
    }

    /** Writes one entry object; {@code placement} adds {@code chunk} and {@code offset}. */
    public static void writeEntry(JsonGenerator json, IndexEntry e, boolean placement) throws IOException {
        json.writeStartObject();
        json.writeStringField("path", e.path());
        json.writeStringField("type", e.type().jsonName());
        json.writeNumberField("size", e.size());
        json.writeStringField("mode", e.octalMode());
        json.writeStringField("mtime", IsoInstant.format(e.mtime()));
        json.writeNumberField("uid", e.uid());
        json.writeNumberField("gid", e.gid());
        json.writeStringField("user", e.user());
        json.writeStringField("group", e.group());
        json.writeStringField("link_target", e.linkTarget());
        json.writeStringField("sha256", e.sha256());
        if (placement) {
            json.writeNumberField("chunk", e.chunk());
            json.writeNumberField("offset", e.offset());
        }
        json.writeEndObject();
    }

    /** A generator for writing entries elsewhere (listings), sharing this class's configuration. */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    /**
     * Parses a whole index, streaming: {@code in} is read in small pieces to its end, never held whole, so an
     * index that decompresses to gigabytes costs time, not memory; its entries go to {@link IndexEntries},
     * which spills them to a temporary file when there are many.
     *
     * @throws IndexFormatException when the JSON is malformed, incomplete, of a newer format version, or holds
     *                              a text value longer than {@link #MAX_TEXT_LENGTH}
     */
    public static ArchiveIndex read(InputStream in) throws IOException {
        try (JsonParser p = FACTORY.createParser(in); IndexEntries.Builder builder = IndexEntries.builder()) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "the index");
            Integer version = null;
            String tool = null;
            Instant created = null;
            ArchiveParameters params = null;
            IndexEntries.Builder entries = null;
            List<ChunkRecord> chunks = null;
            for (String field = nextField(p); field != null; field = nextField(p)) {
                JsonToken value = p.currentToken();
                switch (field) {
                    case "format_version" -> {
                        version = p.getIntValue();
                        if (version > ArchiveIndex.FORMAT_VERSION) {
                            throw new IndexFormatException("index format version " + version
                                    + " is newer than this ectar reads (" + ArchiveIndex.FORMAT_VERSION
                                    + "); use a newer ectar", true);
                        }
                    }
                    case "tool" -> tool = text(p, field, "the index");
                    case "created" -> {
                        String text = text(p, field, "the index");
                        created = text == null ? null : instant(text, "created");
                    }
                    case "parameters" -> {
                        expect(value, JsonToken.START_OBJECT, "parameters");
                        params = parameters(p);
                    }
                    case "entries" -> {
                        expect(value, JsonToken.START_ARRAY, "entries");
                        if (entries != null) {
                            throw new IndexFormatException("the index is not valid ectar index JSON: it has two"
                                    + " entries arrays");
                        }
                        entries = builder;
                        while (element(p, "entries")) {
                            builder.add(entry(p, builder.size() + 1));
                        }
                    }
                    case "chunks" -> {
                        expect(value, JsonToken.START_ARRAY, "chunks");
                        chunks = new ArrayList<>();
                        while (element(p, "chunks")) {
                            chunks.add(chunk(p, chunks.size() + 1));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (version == null || params == null || entries == null || chunks == null) {
                throw new IndexFormatException("the index is incomplete (format_version, parameters, entries"
                        + " and chunks are required)");
            }
            if (version >= 2 && params.archiveId() == null) {
                throw new IndexFormatException("the index is of format version " + version
                        + " but its parameters have no archive_id");
            }
            expect(p.currentToken(), JsonToken.END_OBJECT, "the end of the index");
            if (p.nextToken() != null) {
                throw new IndexFormatException("the index is not valid ectar index JSON: there is more data after"
                        + " its end");
            }
            IndexEntries built = entries.build();
            try {
                return new ArchiveIndex(version, tool, created == null ? Instant.EPOCH : created, params, built,
                        chunks);
            } catch (RuntimeException e) {
                built.close();
                throw e;
            }
        } catch (IndexFormatException e) {
            throw e;
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new IndexFormatException("the index holds a text value longer than " + MAX_TEXT_LENGTH
                    + " characters, the most an index may hold (it is damaged, or not an ectar index)", e);
        } catch (com.fasterxml.jackson.core.JacksonException | IllegalArgumentException
                | NullPointerException e) {
            throw new IndexFormatException("the index is not valid ectar index JSON: " + e.getMessage(), e);
        }
    }

    /** Reads the parameters object; the parser is on its START_OBJECT and is left on its END_OBJECT. */
    private static ArchiveParameters parameters(JsonParser p) throws IOException {
        String where = "parameters";
        Long k = null;
        Long total = null;
        Long parity = null;
        Long chunkSize = null;
        String compression = null;
        long level = 0;
        String codec = null;
        String layout = null;
        String archiveId = null;
        for (String field = nextField(p); field != null; field = nextField(p)) {
            switch (field) {
                case "data_shards" -> k = number(p, field, where);
                case "total_shards" -> total = number(p, field, where);
                case "parity_shards" -> parity = number(p, field, where);
                case "chunk_size" -> chunkSize = number(p, field, where);
                case "compression" -> compression = text(p, field, where);
                case "compression_level" -> level = orDefault(number(p, field, where), 0);
                case "codec" -> codec = text(p, field, where);
                case "layout" -> layout = text(p, field, where);
                case "archive_id" -> archiveId = text(p, field, where);
                default -> p.skipChildren();
            }
        }
        int dataShards = toInt(required(k, "data_shards", where), "data_shards");
        int totalShards = total != null ? toInt(total, "total_shards")
                : dataShards + toInt(required(parity, "parity_shards", where), "parity_shards");
        return new ArchiveParameters(dataShards, totalShards, required(chunkSize, "chunk_size", where),
                ArchiveParameters.Compression.of(required(compression, "compression", where),
                        toInt(level, "compression_level")),
                codec == null ? ArchiveParameters.Codec.ZFEC : ArchiveParameters.Codec.of(codec),
                layout == null ? ArchiveParameters.Layout.DIRECTORY : ArchiveParameters.Layout.of(layout), archiveId);
    }

    /** Reads entry {@code n} (from 1); the parser is on its START_OBJECT and is left on its END_OBJECT. */
    private static IndexEntry entry(JsonParser p, long n) throws IOException {
        String where = "entry " + n;
        String path = null;
        String type = null;
        String mode = null;
        String mtime = null;
        long size = 0;
        long uid = 0;
        long gid = 0;
        String user = null;
        String group = null;
        String linkTarget = null;
        String sha256 = null;
        long chunk = 1;
        long offset = 0;
        for (String field = nextField(p); field != null; field = nextField(p)) {
            switch (field) {
                case "path" -> path = text(p, field, where);
                case "type" -> type = text(p, field, where);
                case "size" -> size = orDefault(number(p, field, where), 0);
                case "mode" -> mode = text(p, field, where);
                case "mtime" -> mtime = text(p, field, where);
                case "uid" -> uid = orDefault(number(p, field, where), 0);
                case "gid" -> gid = orDefault(number(p, field, where), 0);
                case "user" -> user = text(p, field, where);
                case "group" -> group = text(p, field, where);
                case "link_target" -> linkTarget = text(p, field, where);
                case "sha256" -> sha256 = text(p, field, where);
                case "chunk" -> chunk = orDefault(number(p, field, where), 1);
                case "offset" -> offset = orDefault(number(p, field, where), 0);
                default -> p.skipChildren();
            }
        }
        required(path, "path", where);
        where = where + " ('" + path + "')";
        return new IndexEntry(path, EntryType.fromJsonName(required(type, "type", where)), size,
                Integer.parseInt(required(mode, "mode", where), 8), instant(required(mtime, "mtime", where),
                "mtime of " + path), uid, gid, user, group, linkTarget, sha256, toInt(chunk, "chunk"), offset);
    }

    /** Reads chunk record {@code n} (from 1); the parser is on its START_OBJECT and is left on its END_OBJECT. */
    private static ChunkRecord chunk(JsonParser p, int n) throws IOException {
        String where = "chunk record " + n;
        Long number = null;
        Long payloadLength = null;
        String payloadSha256 = null;
        Long offset = null;
        Long length = null;
        Long shardLength = null;
        List<String> shards = null;
        for (String field = nextField(p); field != null; field = nextField(p)) {
            JsonToken value = p.currentToken();
            switch (field) {
                case "chunk" -> number = number(p, field, where);
                case "payload_length" -> payloadLength = number(p, field, where);
                case "payload_sha256" -> payloadSha256 = text(p, field, where);
                case "uncompressed_offset" -> offset = number(p, field, where);
                case "uncompressed_length" -> length = number(p, field, where);
                case "shard_length" -> shardLength = number(p, field, where);
                case "shard_sha256" -> {
                    if (value == JsonToken.VALUE_NULL) {
                        shards = null;
                    } else {
                        expect(value, JsonToken.START_ARRAY, "shard_sha256 of " + where);
                        shards = new ArrayList<>();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            if (shards.size() == MAX_SHARDS) {
                                throw new IllegalArgumentException("shard_sha256 of " + where + " lists more than "
                                        + MAX_SHARDS + " shards");
                            }
                            shards.add(text(p, field, where));
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new ChunkRecord(toInt(required(number, "chunk", where), "chunk"),
                required(payloadLength, "payload_length", where), required(payloadSha256, "payload_sha256", where),
                required(offset, "uncompressed_offset", where), required(length, "uncompressed_length", where),
                required(shardLength, "shard_length", where), required(shards, "shard_sha256", where));
    }

    /** Moves to the next field of the current object and onto its value: the field's name, or null at the end. */
    private static String nextField(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            return null;
        }
        String field = p.currentName();
        p.nextToken();
        return field;
    }

    /** Moves to the next element of an array of objects: true on an object, false at the array's end. */
    private static boolean element(JsonParser p, String array) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_ARRAY) {
            return false;
        }
        expect(t, JsonToken.START_OBJECT, "an element of " + array);
        return true;
    }

    /** The current value as text ({@code null} for JSON null); objects and arrays are refused. */
    private static String text(JsonParser p, String field, String where) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == null || !t.isScalarValue()) {
            throw new IllegalArgumentException("field '" + field + "' of " + where + " is not a single value");
        }
        return p.getText();
    }

    /** The current value as a whole number ({@code null} for JSON null); a number in a string is accepted. */
    private static Long number(JsonParser p, String field, String where) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        String text = text(p, field, where);
        if (text == null) {
            return null;
        }
        try {
            return t == JsonToken.VALUE_NUMBER_FLOAT ? (long) p.getDoubleValue() : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + field + "' of " + where + " is not a number: '"
                    + text + "'");
        }
    }

    private static long orDefault(Long value, long otherwise) {
        return value == null ? otherwise : value;
    }

    private static <T> T required(T value, String field, String where) {
        if (value == null) {
            throw new IllegalArgumentException("missing field '" + field + "' in " + where);
        }
        return value;
    }

    private static int toInt(long value, String field) {
        if (value != (int) value) {
            throw new IllegalArgumentException("field '" + field + "' is out of range: " + value);
        }
        return (int) value;
    }

    private static Instant instant(String s, String what) {
        try {
            return IsoInstant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad time '" + s + "' for " + what);
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) throws IndexFormatException {
        if (actual != expected) {
            throw new IndexFormatException("the index is not valid ectar index JSON: expected " + expected
                    + " for " + what + ", found " + actual);
        }
    }
}
