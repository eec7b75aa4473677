package io.ectar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ectar.archive.ArchiveInfo;
import io.ectar.archive.ChunkHealth;
import io.ectar.archive.VerifyReport;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;

/** The JSON forms of {@code verify --report} and {@code info --format json}. */
final class ReportJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportJson() {
    }

    static String verify(VerifyReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("archive", r.archive());
        root.put("mode", r.mode().name().toLowerCase(Locale.ROOT));
        root.put("status", r.status().name().toLowerCase(Locale.ROOT));
        ObjectNode index = root.putObject("index");
        index.put("origin", r.indexOrigin().name().toLowerCase(Locale.ROOT));
        strings(index.putArray("problems"), r.indexProblems());
        ArrayNode chunks = root.putArray("chunks");
        for (ChunkHealth h : r.chunks()) {
            chunk(chunks.addObject(), h);
        }
        root.put("damaged_chunks", r.chunks().stream().filter(ChunkHealth::damaged).count());
        root.put("unrecoverable_chunks", r.chunks().stream().filter(c -> !c.recovered()).count());
        root.put("files_checked", r.filesChecked());
        strings(root.putArray("file_problems"), r.fileProblems());
        strings(root.putArray("lost_entries"), r.lostEntries());
        return root.toPrettyString();
    }

    static void chunk(ObjectNode o, ChunkHealth h) {
        o.put("chunk", h.chunk());
        o.put("needed", h.needed());
        o.put("recoverable", h.recovered());
        ArrayNode good = o.putArray("good_shards");
        h.good().forEach(good::add);
        ArrayNode missing = o.putArray("missing_shards");
        h.missing().forEach(missing::add);
        ArrayNode bad = o.putArray("bad_shards");
        for (Map.Entry<Integer, String> e : h.bad().entrySet()) {
            bad.addObject().put("shard", e.getKey()).put("reason", e.getValue());
        }
        if (h.problem() != null) {
            o.put("problem", h.problem());
        }
    }

    static String info(ArchiveInfo i) {
        return info(i, null);
    }

    /** With a tape set's catalog: also {@code tape_set} and its {@code volumes}, one object per cartridge. */
    static String info(ArchiveInfo i, io.ectar.tape.TapeDirectory catalog) {
        ObjectNode root = MAPPER.createObjectNode();
        Optional<ArchiveInfo.Contents> c = i.contents();
        ArchiveInfo.Shards shards = i.shards();
        root.put("archive", i.archive());
        root.put("tool", c.map(ArchiveInfo.Contents::tool).orElse(null));
        root.put("created", c.map(ArchiveInfo.Contents::created).map(Object::toString).orElse(null));
        ObjectNode p = root.putObject("parameters");
        p.put("data_shards", i.parameters().dataShards());
        p.put("parity_shards", i.parameters().parityShards());
        p.put("total_shards", i.parameters().totalShards());
        p.put("chunk_size", i.parameters().chunkSize());
        p.put("compression", i.parameters().compression().wireName());
        p.put("compression_level", i.parameters().compression().level());
        p.put("codec", i.parameters().codec().wireName());
        p.put("layout", i.parameters().layout().wireName());
        p.put("archive_id", i.parameters().archiveId());
        ObjectNode index = root.putObject("index");
        index.put("origin", i.indexOrigin().name().toLowerCase(Locale.ROOT));
        strings(index.putArray("problems"), i.indexProblems());
        root.put("chunks", shards.chunks());
        root.put("shards_present", shards.present());
        root.put("shards_expected", shards.expected());
        root.put("damaged_chunks", shards.damagedChunks());
        root.put("unrecoverable_chunks", shards.lostChunks());
        root.put("interrupted", i.interrupted());
        // null without an index, as before
        root.put("entries", c.map(ArchiveInfo.Contents::entries).orElse(null));
        root.put("files", c.map(ArchiveInfo.Contents::files).orElse(null));
        root.put("file_bytes", c.map(ArchiveInfo.Contents::fileBytes).orElse(null));
        root.put("tar_bytes", c.map(ArchiveInfo.Contents::tarBytes).orElse(null));
        root.put("payload_bytes", c.map(ArchiveInfo.Contents::payloadBytes).orElse(null));
        if (catalog != null) {
            ObjectNode set = root.putObject("tape_set");
            set.put("set_id", catalog.setId());
            ArrayNode volumes = set.putArray("volumes");
            for (int t = 0; t < catalog.dataShards() + catalog.parityShards(); t++) {
                for (io.ectar.tape.TapeDirectory.Volume v : catalog.volumesOf(t)) {
                    ObjectNode o = volumes.addObject();
                    o.put("tape", v.tape());
                    o.put("volume", v.volume());
                    o.put("first_chunk", v.firstChunk());
                    o.put("last_chunk", v.lastChunk());
                    o.put("last", v.volume() == catalog.lastVolume(t));
                    o.put("slot", v.slot());
                    o.put("barcode", v.barcode());
                }
            }
        }
        return root.toPrettyString();
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
