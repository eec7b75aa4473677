package io.shadowcat.storage.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.ConfigFileException;
import io.shadowcat.storage.layer.StorageLayers;

/**
 * Reads the storage section of {@code shadowcat.toml}:
 *
 * <pre>
 * [recorder.storage]          # also accepted: [recording.storage]
 * provider = "filesystem"
 *
 * [recorder.storage.settings] # also accepted: [recorder.storage.config]
 * path = "./tapes"
 *
 * [recorder.storage.options]
 * compression = "zstd"
 * retention = { max_age = "30d", max_count = 1000 }
 * audit_log = "/var/log/shadowcat/audit.jsonl"
 * </pre>
 *
 * <p>Options are provider-neutral names mapped onto settings: {@code compression}, {@code encryption},
 * {@code retention.max_age} ({@code retention_max_age}), {@code retention.max_count}
 * ({@code retention_max_count}), {@code retention.lock} ({@code retention_lock}), {@code retention.min_age}
 * ({@code retention_min_age}), and every storage layer's setting under its own name ({@code audit_log},
 * {@code namespace}, ...: {@link StorageLayers}); a provider that lacks one rejects it when the settings are
 * validated.
 *
 * <p>Nothing in the file is ignored: another section or key is an error naming {@code file:line} and the
 * sections there are, as is a key written twice. Each setting keeps the TOML type it was written with, so
 * that {@link StorageConfig#validate} can refuse {@code path = true} or {@code busy_timeout = 30} against the
 * provider's schema, naming the line.
 */
final class TomlStorageConfig {

    private static final TomlMapper TOML = new TomlMapper();
    private static final Set<String> RETENTION_KEYS = Set.of("max_age", "max_count", "lock", "min_age");
    private static final Set<String> SECTION_KEYS = Set.of("provider", "settings", "config", "options");
    /** What an unknown section's message lists. */
    static final String RECOGNISED = "the sections shadowcat.toml has: [recorder.storage] (provider), "
            + "[recorder.storage.settings] (or [recorder.storage.config]) and [recorder.storage.options]; "
            + "[recording.storage] may stand for [recorder.storage]";

    private TomlStorageConfig() {
    }

    static StorageConfig.Layer read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigFileException(file, "cannot read: " + e.getMessage(), e);
        }
        TomlKeyLines lines = TomlKeyLines.of(new String(bytes, StandardCharsets.UTF_8));
        JsonNode root;
        try {
            root = TOML.readTree(bytes);
        } catch (JsonProcessingException e) {
            Optional<List<TomlKeyLines.Entry>> twice = lines.duplicateKey();
            if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate key") && twice.isPresent()) {
                TomlKeyLines.Entry first = twice.get().get(0);
                throw new ConfigFileException(file, twice.get().get(1).line(), "duplicate key " + first.dotted()
                        + " (first set at line " + first.line() + "); keep one", e);
            }
            JsonLocation at = e.getLocation();
            int line = at != null && at.getLineNr() > 0 ? at.getLineNr() : 0;
            throw new ConfigFileException(file, line, "not valid TOML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigFileException(file, "cannot read: " + e.getMessage(), e);
        }
        Toml toml = new Toml(file, lines);
        if (root == null) {
            return new StorageConfig.Layer(null, file.toString());
        }
        toml.onlySections(root);
        JsonNode recorder = root.path("recorder").get("storage");
        JsonNode recording = root.path("recording").get("storage");
        if (recorder != null && recording != null) {
            throw toml.error(List.of("recording", "storage"),
                    "both [recorder.storage] and [recording.storage] are present; keep one");
        }
        String section = recorder != null ? "recorder.storage" : "recording.storage";
        JsonNode storage = recorder != null ? recorder : recording;
        if (storage == null) {
            return new StorageConfig.Layer(null, file.toString());
        }
        List<String> sectionPath = List.of(section.split("\\."));
        toml.requireTable(sectionPath, storage);
        for (Iterator<String> it = storage.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!SECTION_KEYS.contains(key)) {
                throw toml.unknown(with(sectionPath, key), "known: provider, settings, config, options");
            }
        }
        if (storage.has("settings") && storage.has("config")) {
            throw toml.error(with(sectionPath, "config"), section + ".settings and " + section
                    + ".config are the same table under two names; keep one");
        }
        JsonNode provider = storage.get("provider");
        if (provider != null && !provider.isTextual()) {
            throw toml.error(with(sectionPath, "provider"),
                    section + ".provider must be a string such as \"filesystem\"");
        }
        StorageConfig.Layer layer = new StorageConfig.Layer(provider == null ? null : provider.asText().trim(),
                toml.origin(with(sectionPath, "provider"), "[" + section + "]"));
        String settingsName = storage.has("config") ? "config" : "settings";
        JsonNode settings = storage.get(settingsName);
        if (settings != null) {
            List<String> table = with(sectionPath, settingsName);
            toml.requireTable(table, settings);
            for (Map.Entry<String, JsonNode> e : settings.properties()) {
                List<String> key = with(table, e.getKey());
                layer.put(e.getKey(), toml.scalar(key, e.getValue()), toml.origin(key, "[" + dotted(table) + "]"),
                        toml.type(e.getValue()));
            }
        }
        JsonNode options = storage.get("options");
        if (options != null) {
            readOptions(toml, with(sectionPath, "options"), options, layer);
        }
        return layer;
    }

    private static void readOptions(Toml toml, List<String> table, JsonNode options, StorageConfig.Layer layer) {
        toml.requireTable(table, options);
        String name = "[" + dotted(table) + "]";
        for (Map.Entry<String, JsonNode> e : options.properties()) {
            String key = e.getKey();
            List<String> path = with(table, key);
            switch (key) {
                case "compression", "encryption" -> putOption(toml, layer, key, path, e.getValue(), name + " " + key);
                case "retention" -> {
                    toml.requireTable(path, e.getValue());
                    for (Map.Entry<String, JsonNode> r : e.getValue().properties()) {
                        String limit = r.getKey();
                        if (!RETENTION_KEYS.contains(limit)) {
                            throw toml.unknown(with(path, limit), "known: max_age, max_count, lock, min_age");
                        }
                        putOption(toml, layer, "retention_" + limit, with(path, limit), r.getValue(),
                                name + " retention." + limit);
                    }
                }
                default -> {
                    if (StorageLayers.standard().field(key).isEmpty()) {
                        throw toml.unknown(path, "known: compression, encryption, retention, "
                                + String.join(", ", StorageLayers.standard().fields().stream()
                                        .map(ConfigField::name).filter(n -> !n.equals("encryption")).toList()));
                    }
                    putOption(toml, layer, key, path, e.getValue(), name + " " + key);
                }
            }
        }
    }

    private static void putOption(Toml toml, StorageConfig.Layer layer, String setting, List<String> path,
                                  JsonNode value, String where) {
        if (layer.settings.containsKey(setting)) {
            throw toml.error(path, setting + " is set both as a setting and as an option; keep one");
        }
        layer.put(setting, toml.scalar(path, value), toml.origin(path, where), toml.type(value));
    }

    private static List<String> with(List<String> path, String key) {
        List<String> out = new ArrayList<>(path);
        out.add(key);
        return List.copyOf(out);
    }

    private static String dotted(List<String> path) {
        return String.join(".", path);
    }

    /** One file being read: errors and origins name it and the line. */
    private record Toml(Path file, TomlKeyLines lines) {

        ConfigFileException error(List<String> path, String problem) {
            return new ConfigFileException(file, lines.line(path), problem, null);
        }

        /** {@code path} is not a section or key shadowcat knows: says which are known. */
        ConfigFileException unknown(List<String> path, String known) {
            Optional<TomlKeyLines.Entry> written = lines.first(path);
            String what = written.map(e -> e.table() ? "unknown section [" + e.dotted() + "]" : "unknown key " + e.dotted())
                    .orElse("unknown key " + dotted(path));
            return new ConfigFileException(file, written.map(TomlKeyLines.Entry::line).orElse(lines.line(path)),
                    what + " (" + known + ")", null);
        }

        /** Only [recorder.storage] and [recording.storage] (and what is under them) may be in the file. */
        void onlySections(JsonNode root) {
            for (Map.Entry<String, JsonNode> top : root.properties()) {
                String name = top.getKey();
                if (!name.equals("recorder") && !name.equals("recording")) {
                    throw unknown(List.of(name), RECOGNISED);
                }
                requireTable(List.of(name), top.getValue());
                for (Iterator<String> it = top.getValue().fieldNames(); it.hasNext(); ) {
                    String key = it.next();
                    if (!key.equals("storage")) {
                        throw unknown(List.of(name, key), RECOGNISED);
                    }
                }
            }
        }

        void requireTable(List<String> path, JsonNode node) {
            if (!node.isObject()) {
                throw error(path, dotted(path) + " must be a table");
            }
        }

        String scalar(List<String> path, JsonNode value) {
            if (value.isContainerNode() || value.isNull() || value.isFloatingPointNumber()) {
                throw error(path, dotted(path) + " must be a string, a whole number or true/false, got "
                        + TomlStorageConfig.describe(value));
            }
            return value.asText();
        }

        ConfigField.Type type(JsonNode value) {
            return value.isBoolean() ? ConfigField.Type.BOOLEAN
                    : value.isIntegralNumber() ? ConfigField.Type.INTEGER : ConfigField.Type.STRING;
        }

        String origin(List<String> path, String where) {
            int line = lines.line(path);
            return file + (line > 0 ? ":" + line : "") + " " + where;
        }
    }

    /**
     * Why a value written in a file with TOML type {@code written} does not fit {@code field}, or null when it
     * does: paths, durations and strings are written in quotes, numbers and booleans without.
     */
    static String mismatch(ConfigField field, ConfigField.Type written, String value) {
        ConfigField.Type wanted = switch (field.type()) {
            case STRING, PATH, DURATION -> ConfigField.Type.STRING;
            case INTEGER, BOOLEAN -> field.type();
        };
        if (wanted == written) {
            return null;
        }
        String example = field.defaultValue() != null && !field.defaultValue().isBlank() ? field.defaultValue()
                : switch (field.type()) {
                    case PATH -> "./tapes";
                    case DURATION -> "30s";
                    case INTEGER -> "100";
                    case BOOLEAN -> "true";
                    case STRING -> "...";
                };
        String expected = switch (field.type()) {
            case PATH -> "a path in quotes, e.g. " + field.name() + " = \"" + example + "\"";
            case DURATION -> "a duration in quotes, e.g. " + field.name() + " = \"" + example + "\"";
            case STRING -> "a string in quotes, e.g. " + field.name() + " = \"" + example + "\"";
            case INTEGER -> "a whole number without quotes, e.g. " + field.name() + " = " + example;
            case BOOLEAN -> "true or false without quotes";
        };
        String got = switch (written) {
            case BOOLEAN -> "the boolean " + value;
            case INTEGER -> "the number " + value;
            default -> "the string \"" + value + "\"";
        };
        return "expected " + expected + ", got " + got;
    }

    private static String describe(JsonNode value) {
        if (value.isArray()) {
            return "an array";
        }
        if (value.isObject()) {
            return "a table";
        }
        return value.isFloatingPointNumber() ? "the number " + value.asText() : "nothing";
    }
}
