package io.ectar.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build());

    private IndexJson() {
    }

    /** Streams one index: header first, then {@link #entry} per entry, then {@link #finish}. */
    public static final class Writer implements AutoCloseable {
        private final JsonGenerator json;
        private boolean finished;

        /** Starts the index with its header; {@code out} is closed by {@link #close()}. */
        public Writer(OutputStream out, String tool, Instant created, ArchiveParameters p) throws IOException {
            json = MAPPER.getFactory().createGenerator(out);
            json.writeStartObject();
            json.writeStringField("format", "ectar-index");
            json.writeNumberField("format_version", ArchiveIndex.FORMAT_VERSION);
            json.writeStringField("tool", tool);
            json.writeStringField("created", created.toString());
            json.writeObjectFieldStart("parameters");
            json.writeNumberField("data_shards", p.dataShards());
            json.writeNumberField("parity_shards", p.parityShards());
            json.writeNumberField("total_shards", p.totalShards());
            json.writeNumberField("chunk_size", p.chunkSize());
            json.writeStringField("compression", p.compression());
            json.writeNumberField("compression_level", p.compressionLevel());
            json.writeStringField("codec", p.codec());
            json.writeStringField("layout", p.layout());
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
        json.writeStringField("mtime", e.mtime().toString());
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
        return MAPPER.getFactory().createGenerator(out);
    }

    /**
     * Parses a whole index.
     *
     * @throws IndexFormatException when the JSON is malformed, incomplete or of a newer format version
     */
    public static ArchiveIndex read(InputStream in) throws IOException {
        try (JsonParser p = MAPPER.getFactory().createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "the index");
            Integer version = null;
            String tool = null;
            Instant created = null;
            ArchiveParameters params = null;
            List<IndexEntry> entries = null;
            List<ChunkRecord> chunks = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "format_version" -> {
                        version = p.getIntValue();
                        if (version > ArchiveIndex.FORMAT_VERSION) {
                            throw new IndexFormatException("index format version " + version
                                    + " is newer than this ectar reads (" + ArchiveIndex.FORMAT_VERSION
                                    + "); use a newer ectar", true);
                        }
                    }
                    case "tool" -> tool = p.getValueAsString();
                    case "created" -> created = instant(p.getValueAsString(), "created");
                    case "parameters" -> params = parameters(MAPPER.readTree(p));
                    case "entries" -> {
                        expect(value, JsonToken.START_ARRAY, "entries");
                        entries = new ArrayList<>();
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            entries.add(entry(MAPPER.readTree(p)));
                        }
                    }
                    case "chunks" -> {
                        expect(value, JsonToken.START_ARRAY, "chunks");
                        chunks = new ArrayList<>();
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            chunks.add(chunk(MAPPER.readTree(p)));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (version == null || params == null || entries == null || chunks == null) {
                throw new IndexFormatException("the index is incomplete (format_version, parameters, entries"
                        + " and chunks are required)");
            }
            return new ArchiveIndex(version, tool, created == null ? Instant.EPOCH : created, params, entries,
                    chunks);
        } catch (IndexFormatException e) {
            throw e;
        } catch (com.fasterxml.jackson.core.JacksonException | IllegalArgumentException
                | NullPointerException e) {
            throw new IndexFormatException("the index is not valid ectar index JSON: " + e.getMessage(), e);
        }
    }

    private static ArchiveParameters parameters(JsonNode n) {
        int k = required(n, "data_shards").asInt();
        int m = n.has("total_shards") ? n.get("total_shards").asInt() : k + required(n, "parity_shards").asInt();
        return new ArchiveParameters(k, m, required(n, "chunk_size").asLong(), required(n, "compression").asText(),
                n.path("compression_level").asInt(0), n.path("codec").asText(ArchiveParameters.ZFEC),
                n.path("layout").asText("directory"));
    }

    private static IndexEntry entry(JsonNode n) {
        String path = required(n, "path").asText();
        return new IndexEntry(path, EntryType.fromJsonName(required(n, "type").asText()),
                n.path("size").asLong(0), Integer.parseInt(required(n, "mode").asText(), 8),
                instant(required(n, "mtime").asText(), "mtime of " + path), n.path("uid").asLong(0),
                n.path("gid").asLong(0), text(n, "user"), text(n, "group"), text(n, "link_target"),
                text(n, "sha256"), n.path("chunk").asInt(1), n.path("offset").asLong(0));
    }

    private static ChunkRecord chunk(JsonNode n) {
        List<String> shards = new ArrayList<>();
        for (JsonNode s : required(n, "shard_sha256")) {
            shards.add(s.isNull() ? null : s.asText());
        }
        return new ChunkRecord(required(n, "chunk").asInt(), required(n, "payload_length").asLong(),
                required(n, "payload_sha256").asText(), required(n, "uncompressed_offset").asLong(),
                required(n, "uncompressed_length").asLong(), required(n, "shard_length").asLong(), shards);
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "' in " + abbreviate(n));
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(String s, String what) {
        try {
            return Instant.parse(s);
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

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
