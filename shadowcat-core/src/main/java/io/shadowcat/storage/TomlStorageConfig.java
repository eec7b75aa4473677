package io.shadowcat.storage;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

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
 * </pre>
 *
 * <p>Options are provider-neutral names mapped onto settings: {@code compression}, {@code encryption},
 * {@code retention.max_age} ({@code retention_max_age}), {@code retention.max_count}
 * ({@code retention_max_count}); a provider that lacks one rejects it when the settings are validated.
 * Other sections of the file are left to their owners.
 */
final class TomlStorageConfig {

    private static final TomlMapper TOML = new TomlMapper();
    private static final Set<String> SECTION_KEYS = Set.of("provider", "settings", "config", "options");

    private TomlStorageConfig() {
    }

    static StorageConfig.Layer read(Path file) {
        JsonNode root;
        try {
            root = TOML.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at != null && at.getLineNr() > 0 ? " at line " + at.getLineNr() : "";
            throw new ConfigFileException(file, "not valid TOML" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigFileException(file, "cannot read: " + e.getMessage(), e);
        }
        JsonNode recorder = root == null ? null : root.path("recorder").get("storage");
        JsonNode recording = root == null ? null : root.path("recording").get("storage");
        if (recorder != null && recording != null) {
            throw new ConfigFileException(file,
                    "both [recorder.storage] and [recording.storage] are present; keep one", null);
        }
        String section = recorder != null ? "recorder.storage" : "recording.storage";
        JsonNode storage = recorder != null ? recorder : recording;
        if (storage == null) {
            return new StorageConfig.Layer(null, file.toString());
        }
        if (!storage.isObject()) {
            throw new ConfigFileException(file, section + " must be a table", null);
        }
        for (Iterator<String> it = storage.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!SECTION_KEYS.contains(key)) {
                throw new ConfigFileException(file, "unknown key " + section + "." + key
                        + " (known: provider, settings, config, options)", null);
            }
        }
        if (storage.has("settings") && storage.has("config")) {
            throw new ConfigFileException(file, section + ".settings and " + section
                    + ".config are the same table under two names; keep one", null);
        }
        JsonNode provider = storage.get("provider");
        if (provider != null && !provider.isTextual()) {
            throw new ConfigFileException(file, section + ".provider must be a string such as \"filesystem\"", null);
        }
        StorageConfig.Layer layer = new StorageConfig.Layer(provider == null ? null : provider.asText().trim(),
                file + " [" + section + "]");
        String settingsName = storage.has("config") ? "config" : "settings";
        JsonNode settings = storage.get(settingsName);
        if (settings != null) {
            String table = section + "." + settingsName;
            requireTable(file, table, settings);
            for (Map.Entry<String, JsonNode> e : settings.properties()) {
                layer.put(e.getKey(), scalar(file, table + "." + e.getKey(), e.getValue()), file + " [" + table + "]");
            }
        }
        JsonNode options = storage.get("options");
        if (options != null) {
            readOptions(file, section + ".options", options, layer);
        }
        return layer;
    }

    private static void readOptions(Path file, String table, JsonNode options, StorageConfig.Layer layer) {
        requireTable(file, table, options);
        String origin = file + " [" + table + "]";
        for (Map.Entry<String, JsonNode> e : options.properties()) {
            String key = e.getKey();
            switch (key) {
                case "compression", "encryption" -> putOption(file, layer, key, scalar(file, table + "." + key, e.getValue()),
                        origin + " " + key);
                case "retention" -> {
                    requireTable(file, table + ".retention", e.getValue());
                    for (Map.Entry<String, JsonNode> r : e.getValue().properties()) {
                        String name = r.getKey();
                        if (!name.equals("max_age") && !name.equals("max_count")) {
                            throw new ConfigFileException(file, "unknown key " + table + ".retention." + name
                                    + " (known: max_age, max_count)", null);
                        }
                        putOption(file, layer, "retention_" + name, scalar(file, table + ".retention." + name,
                                r.getValue()), origin + " retention." + name);
                    }
                }
                default -> throw new ConfigFileException(file, "unknown key " + table + "." + key
                        + " (known: compression, encryption, retention)", null);
            }
        }
    }

    private static void putOption(Path file, StorageConfig.Layer layer, String key, String value, String origin) {
        if (layer.settings.containsKey(key)) {
            throw new ConfigFileException(file, key + " is set both as a setting and as an option; keep one", null);
        }
        layer.put(key, value, origin);
    }

    private static void requireTable(Path file, String name, JsonNode node) {
        if (!node.isObject()) {
            throw new ConfigFileException(file, name + " must be a table", null);
        }
    }

    private static String scalar(Path file, String name, JsonNode value) {
        if (value.isContainerNode() || value.isNull()) {
            throw new ConfigFileException(file, name + " must be a string, number or boolean", null);
        }
        return value.asText();
    }
}
