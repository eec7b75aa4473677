package io.shadowcat.tape;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import io.shadowcat.storage.support.TapeMetaJson;

/**
 * Reads tape files whatever their format, for import: Shadowcat JSON Lines ({@code ID.jsonl}, optionally
 * {@code .gz} or {@code .zst}, with its {@code ID.meta.json} beside it when there is one) or the legacy
 * monolithic JSON tape ({@code ID.json}).
 */
public final class TapeFileReader {

    private TapeFileReader() {
    }

    /**
     * The tape files in a directory (not its subdirectories), by name: {@code *.jsonl}, {@code *.jsonl.gz},
     * {@code *.jsonl.zst} and {@code *.json} except {@code *.meta.json} and hidden files.
     */
    public static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") && Files.isRegularFile(p) && (isJsonLines(n) || isLegacy(n))) {
                    out.add(p);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Reads one tape file.
     *
     * @param idOverride the id to give the tape instead of the one in the file, or null
     * @throws TapeFormatException naming the file when it is not a tape
     */
    public static Tape read(Path file, TapeId idOverride) throws IOException {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new TapeFormatException(file.toString(), 0, "not a regular file");
        }
        if (name.toLowerCase(Locale.ROOT).endsWith(".meta.json")) {
            throw new TapeFormatException(file.toString(), 0, "a metadata file; import the .jsonl beside it");
        }
        if (isJsonLines(name)) {
            TapeHeader meta = null;
            Path metaFile = file.resolveSibling(baseName(name) + ".meta.json");
            if (Files.isRegularFile(metaFile)) {
                try (InputStream in = Files.newInputStream(metaFile)) {
                    meta = TapeMetaJson.read(in, metaFile.toString());
                }
            }
            try (InputStream in = open(file)) {
                Tape tape = JsonLinesTapeReader.readTape(in, meta, idOverride, file.toString());
                return tape;
            }
        }
        JsonNode root;
        try (InputStream in = open(file)) {
            root = TapeJson.mapper().readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TapeFormatException(file.toString(), e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (LegacyJsonTape.looksLegacy(root)) {
            return LegacyJsonTape.fromTree(root, idOverride, file.toString());
        }
        if (root != null && root.isObject() && root.has("type")) {
            // A one-record JSON Lines tape saved as .json
            try (InputStream in = open(file)) {
                return JsonLinesTapeReader.readTape(in, null, idOverride, file.toString());
            }
        }
        throw new TapeFormatException(file.toString(), 0,
                "not a Shadowcat tape (expected JSON Lines records or {\"metadata\":..,\"frames\":[..]})");
    }

    private static InputStream open(Path file) throws IOException {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        if (n.endsWith(".gz")) {
            return new GZIPInputStream(in, 64 * 1024);
        }
        if (n.endsWith(".zst")) {
            return new ZstdInputStream(in);
        }
        return in;
    }

    private static boolean isJsonLines(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".jsonl") || n.endsWith(".jsonl.gz") || n.endsWith(".jsonl.zst");
    }

    private static boolean isLegacy(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".json") && !n.endsWith(".meta.json");
    }

    private static String baseName(String name) {
        int i = name.toLowerCase(Locale.ROOT).lastIndexOf(".jsonl");
        return name.substring(0, i);
    }
}
