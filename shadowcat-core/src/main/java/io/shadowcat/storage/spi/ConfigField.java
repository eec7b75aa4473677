package io.shadowcat.storage.spi;

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

    /**
     * An optional setting with a default, its arguments in the record's order (name, type, description,
     * default).
     *
     * @param defaultValue the value used when the setting is absent, as text, or null for none
     */
    public static ConfigField withDefault(String name, Type type, String description, String defaultValue) {
        return new ConfigField(name, type, description, false, defaultValue);
    }

    /** An optional setting without a default. */
    public static ConfigField optional(String name, Type type, String description) {
        return new ConfigField(name, type, description, false, null);
    }

    /**
     * An optional setting with a default; note the order: the default comes before the description, unlike
     * in the record.
     *
     * @deprecated the two text arguments are easily swapped; use {@link #withDefault(String, Type, String,
     *     String)}, which takes them in the record's order
     */
    @Deprecated
    public static ConfigField optional(String name, Type type, String defaultValue, String description) {
        return withDefault(name, type, description, defaultValue);
    }

    /** A setting that must be given. */
    public static ConfigField required(String name, Type type, String description) {
        return new ConfigField(name, type, description, true, null);
    }
}
