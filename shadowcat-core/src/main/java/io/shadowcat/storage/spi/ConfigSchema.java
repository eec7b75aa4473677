package io.shadowcat.storage.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;

/**
 * The settings a provider accepts. {@link #validate} rejects unknown keys, missing required ones and
 * malformed values, naming the key, before anything is created.
 */
public final class ConfigSchema {

    private final Map<String, ConfigField> fields = new LinkedHashMap<>();

    private ConfigSchema(List<ConfigField> fields) {
        for (ConfigField f : fields) {
            if (this.fields.put(f.name(), f) != null) {
                throw new IllegalArgumentException("duplicate config field: " + f.name());
            }
        }
    }

    public static ConfigSchema of(ConfigField... fields) {
        return new ConfigSchema(List.of(fields));
    }

    public List<ConfigField> fields() {
        return List.copyOf(fields.values());
    }

    public Optional<ConfigField> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** Checks every setting against the schema; throws {@link InvalidConfigException} naming the key. */
    public void validate(StorageSettings settings) {
        for (String key : settings.keys()) {
            ConfigField field = fields.get(key);
            if (field == null) {
                throw new InvalidConfigException(settings.provider(), key,
                        "unknown setting (known: " + String.join(", ", fields.keySet()) + ")");
            }
            checkType(settings, field);
        }
        for (ConfigField field : fields.values()) {
            if (field.required() && settings.get(field.name()).filter(v -> !v.isBlank()).isEmpty()) {
                throw new InvalidConfigException(settings.provider(), field.name(), "required setting is missing");
            }
        }
    }

    private static void checkType(StorageSettings settings, ConfigField field) {
        switch (field.type()) {
            case INTEGER -> settings.longValue(field.name(), 0);
            case BOOLEAN -> settings.bool(field.name(), false);
            case DURATION -> settings.duration(field.name(), null);
            case PATH -> {
                // An empty path would silently mean the default (or the working directory): say so instead.
                if (settings.string(field.name(), "").isBlank()) {
                    throw new InvalidConfigException(settings.provider(), field.name(), "empty path: name a "
                            + (field.defaultValue() == null ? "path" : "path, or leave the setting out for the default "
                            + field.defaultValue()));
                }
                if (settings.string(field.name(), "").indexOf('\0') >= 0) {
                    throw new InvalidConfigException(settings.provider(), field.name(), "path contains a NUL byte");
                }
            }
            case STRING -> { }
        }
    }
}
