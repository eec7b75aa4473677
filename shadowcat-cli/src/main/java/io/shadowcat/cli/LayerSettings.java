package io.shadowcat.cli;

import io.shadowcat.storage.config.StorageConfig;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.StorageLayer;
import io.shadowcat.storage.spi.ConfigField;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The storage configuration with one layer's settings taken out, for the commands that must see tapes as
 * the layers below it store them ({@code tape verify} without the tamper layer, {@code tape rekey} and
 * {@code tape export-age} without encryption), and that layer's own settings, path values made relative
 * to the working directory.
 */
final class LayerSettings {

    private LayerSettings() {
    }

    /** {@code config} without any of {@code layers}' keys. */
    static StorageConfig without(StorageConfig config, StorageLayer... layers) {
        Map<String, String> rest = new HashMap<>(config.settings().asMap());
        for (StorageLayer layer : layers) {
            layer.fields().forEach(f -> rest.remove(f.name()));
        }
        return config.withSettings(StorageSettings.of(config.settings().provider(), rest));
    }

    /** Only {@code layer}'s keys of {@code config}, relative paths resolved against {@code cwd}. */
    static StorageSettings of(StorageConfig config, StorageLayer layer, Path cwd) {
        Map<String, String> own = new HashMap<>();
        for (ConfigField f : layer.fields()) {
            config.settings().get(f.name()).ifPresent(v -> own.put(f.name(),
                    f.type() == ConfigField.Type.PATH && !v.isBlank() ? cwd.resolve(v).normalize().toString() : v));
        }
        return StorageSettings.of(layer.name(), own);
    }
}
