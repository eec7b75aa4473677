package io.shadowcat.storage.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import io.shadowcat.storage.support.DurationText;
import io.shadowcat.storage.InvalidConfigException;

/**
 * The settings a provider is created with, as text: from {@code shadowcat.toml}, the environment or a
 * {@code --storage provider:key=value} spec alike. Typed getters parse on read and name the key when
 * a value is malformed.
 */
public final class StorageSettings {

    private static final StorageSettings EMPTY = new StorageSettings("", Map.of());

    private final String provider;
    private final Map<String, String> values;

    private StorageSettings(String provider, Map<String, String> values) {
        this.provider = provider;
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Settings for {@code provider}; keys are kept as given. */
    public static StorageSettings of(String provider, Map<String, String> values) {
        return new StorageSettings(provider, values);
    }

    public static StorageSettings empty() {
        return EMPTY;
    }

    /** The provider these settings are for (used in error messages); may be empty. */
    public String provider() {
        return provider;
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public Map<String, String> asMap() {
        return values;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String string(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    public Path path(String key, Path defaultValue) {
        String v = values.get(key);
        return v == null || v.isBlank() ? defaultValue : Path.of(v);
    }

    public long longValue(String key, long defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(provider, key, "expected a whole number, got '" + v + "'");
        }
    }

    public int intValue(String key, int defaultValue) {
        long v = longValue(key, defaultValue);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new InvalidConfigException(provider, key, "number out of range: " + v);
        }
        return (int) v;
    }

    public boolean bool(String key, boolean defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true": case "yes": case "on": case "1":
                return true;
            case "false": case "no": case "off": case "0":
                return false;
            default:
                throw new InvalidConfigException(provider, key, "expected true or false, got '" + v + "'");
        }
    }

    /** A duration such as {@code 250ms}, {@code 5s}, {@code 10m}, {@code 2h}, {@code 30d}, or ISO-8601. */
    public Duration duration(String key, Duration defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        return DurationText.parse(v).orElseThrow(() -> new InvalidConfigException(provider, key,
                "expected a duration like 250ms, 5s, 10m, 2h or 30d, got '" + v + "'"));
    }

    /** A copy with one more (or replaced) setting. */
    public StorageSettings with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new StorageSettings(provider, copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StorageSettings s && s.provider.equals(provider) && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return provider.hashCode() * 31 + values.hashCode();
    }

    @Override
    public String toString() {
        return provider + values;
    }
}
