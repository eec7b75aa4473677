package io.shadowcat.storage;

import java.util.Objects;

/**
 * One setting a provider understands.
 *
 * @param defaultValue the value used when the setting is absent, as text, or null
 */
public record ConfigField(String name, Type type, String description, boolean required, String defaultValue) {

    /** The value types a setting can have. */
    public enum Type { STRING, PATH, INTEGER, BOOLEAN, DURATION }

    public ConfigField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        description = description == null ? "" : description;
    }

    public static ConfigField optional(String name, Type type, String defaultValue, String description) {
        return new ConfigField(name, type, description, false, defaultValue);
    }

    public static ConfigField required(String name, Type type, String description) {
        return new ConfigField(name, type, description, true, null);
    }
}
