package io.shadowcat.storage.config;

import io.shadowcat.storage.InvalidConfigException;

/**
 * Parses the compact command-line form {@code PROVIDER[:key=value,...]}, e.g.
 * {@code sqlite:path=./tapes.db,busy_timeout=5s}. A comma or backslash inside a value is written {@code \,}
 * or {@code \\}.
 */
final class StorageSpec {

    static final String ORIGIN = "--storage";

    private StorageSpec() {
    }

    static StorageConfig.Layer parse(String spec) {
        String text = spec.trim();
        int colon = text.indexOf(':');
        String provider = colon < 0 ? text : text.substring(0, colon).trim();
        if (provider.isEmpty()) {
            throw new InvalidConfigException("", "provider",
                    "--storage '" + spec + "' names no provider; use PROVIDER[:key=value,...], e.g. filesystem:path=./tapes");
        }
        StorageConfig.Layer layer = new StorageConfig.Layer(provider, ORIGIN);
        if (colon < 0) {
            return layer;
        }
        StringBuilder item = new StringBuilder();
        String rest = text.substring(colon + 1);
        for (int i = 0; i <= rest.length(); i++) {
            char c = i < rest.length() ? rest.charAt(i) : ',';
            if (c == '\\' && i + 1 < rest.length()) {
                item.append(rest.charAt(++i));
            } else if (c == ',') {
                addPair(layer, provider, spec, item.toString());
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        return layer;
    }

    private static void addPair(StorageConfig.Layer layer, String provider, String spec, String pair) {
        if (pair.isBlank()) {
            return;
        }
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair.trim() : pair.substring(0, eq).trim();
        if (eq <= 0 || key.isEmpty()) {
            throw new InvalidConfigException(provider, key.isEmpty() ? "?" : key,
                    "--storage '" + spec + "': expected key=value, got '" + pair + "'");
        }
        if (layer.settings.containsKey(key)) {
            // the last one would silently win: a typo or a pasted spec, never meant
            throw new InvalidConfigException(provider, key, "--storage '" + spec + "' sets " + key
                    + " twice; give it once");
        }
        layer.put(key, pair.substring(eq + 1).trim(), ORIGIN);
    }
}
