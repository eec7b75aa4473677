package io.shadowcat.storage.layer;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code audit_log = PATH}: one hash-chained JSON line per storage operation (see {@link AuditLog}). */
final class AuditLayer implements StorageLayer {

    static final String KEY = "audit_log";

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public List<ConfigField> fields() {
        return List.of(ConfigField.optional(KEY, ConfigField.Type.PATH, "append one hash-chained JSON line per "
                + "storage operation to this file (shadowcat audit verify checks it)"));
    }

    @Override
    public boolean enabled(StorageSettings settings) {
        return settings.get(KEY).isPresent();
    }

    @Override
    public void validate(StorageSettings settings) {
        settings.get(KEY).ifPresent(v -> {
            if (v.isBlank() || v.indexOf('\0') >= 0) {
                throw new InvalidConfigException(settings.provider(), KEY, "name a file, e.g. ./audit.jsonl");
            }
            Path p = Path.of(v).toAbsolutePath();
            Path dir = p.getParent();
            if (Files.isDirectory(p)) {
                throw new InvalidConfigException(settings.provider(), KEY, p + " is a directory: name a file in it");
            }
            if (dir != null && !Files.isDirectory(dir)) {
                throw new InvalidConfigException(settings.provider(), KEY, "directory " + dir
                        + " does not exist: create it first");
            }
        });
    }

    @Override
    public TapeStorageBackend wrap(TapeStorageBackend inner, StorageSettings settings) {
        return new AuditBackend(inner, AuditLog.open(Path.of(settings.get(KEY).orElseThrow())));
    }
}
