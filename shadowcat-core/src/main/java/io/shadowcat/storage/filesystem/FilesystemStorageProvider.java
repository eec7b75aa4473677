package io.shadowcat.storage.filesystem;

import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.support.FileMode;
import io.shadowcat.storage.spi.ConfigSchema;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.spi.StorageProviderFactory;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.support.FileProblem;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The built-in, default {@code filesystem} provider: zero configuration, tapes in {@code ./tapes}.
 *
 * <p>Each tape is {@code ID.jsonl} (Shadowcat JSON Lines v2, appended frame by frame) plus {@code ID.meta.json}
 * (replaced atomically). Settings:
 *
 * <ul>
 *   <li>{@code path}: the directory (default {@code ./tapes}, created when missing by {@link OpenMode#CREATE};
 *       opening a missing one with {@link OpenMode#EXISTING} is a {@link io.shadowcat.storage.StorageNotFoundException});
 *   <li>{@code durability}: {@code every_frame}, {@code on_close}, or a flush interval such as {@code 200ms}
 *       (the default: a crash loses at most the last 200 ms of frames);
 *   <li>{@code compression}: {@code none} (default), {@code gzip} or {@code zstd}, applied to finished tapes;
 *   <li>{@code retention_max_age} (e.g. {@code 30d}) and {@code retention_max_count}: finished tapes beyond
 *       these, counted from when they ended, are deleted whenever a tape finishes or is saved (never when
 *       the storage is only opened or read).
 * </ul>
 *
 * <p>Several processes may record different tapes into the same directory at once.
 */
public final class FilesystemStorageProvider implements StorageProviderFactory {

    static final Set<ProviderCapability> CAPABILITIES = Set.copyOf(EnumSet.of(ProviderCapability.LIVE_APPEND,
            ProviderCapability.SUBSTRING_SEARCH, ProviderCapability.RANKED_SEARCH,
            ProviderCapability.CONDITIONAL_CREATE, ProviderCapability.MULTI_PROCESS, ProviderCapability.COMPRESSION,
            ProviderCapability.RETENTION, ProviderCapability.LOCAL_STORAGE));

    /** The provider's name. */
    public static final String NAME = "filesystem";

    private static final ConfigSchema SCHEMA = ConfigSchema.of(
            ConfigField.withDefault(FilesystemOptions.PATH, ConfigField.Type.PATH,
                    "directory holding the tapes; created when missing",
                    FilesystemOptions.DEFAULT_PATH),
            ConfigField.withDefault(FilesystemOptions.DURABILITY, ConfigField.Type.STRING,
                    "when frames are forced to disk: every_frame, on_close, or an interval such as 200ms",
                    Durability.DEFAULT),
            ConfigField.withDefault(FilesystemOptions.COMPRESSION, ConfigField.Type.STRING,
                    "compression of finished tapes: none, gzip or zstd",
                    "none"),
            ConfigField.withDefault(RetentionPolicy.MAX_AGE, ConfigField.Type.DURATION,
                    "delete finished tapes that ended longer ago than this, e.g. 30d",
                    null),
            ConfigField.withDefault(RetentionPolicy.MAX_COUNT, ConfigField.Type.INTEGER,
                    "keep at most this many finished tapes, those that ended last (0: no limit)",
                    "0"),
            ConfigField.withDefault(FileMode.SETTING, ConfigField.Type.STRING,
                    "permissions of the files created (octal, e.g. 640); directories get x where r; private by default",
                    "600"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String displayName() {
        return "Filesystem";
    }

    @Override
    public String version() {
        return io.shadowcat.Shadowcat.version();
    }

    @Override
    public String description() {
        return "JSON Lines tapes in a local directory (default ./tapes)";
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ConfigSchema configSchema() {
        return SCHEMA;
    }

    @Override
    public void validate(StorageSettings settings) {
        SCHEMA.validate(settings);
        FilesystemOptions.parse(settings);
    }

    @Override
    public TapeStorageBackend create(StorageSettings settings) {
        return create(settings, OpenMode.CREATE);
    }

    @Override
    public TapeStorageBackend create(StorageSettings settings, OpenMode mode) {
        FilesystemOptions options = FilesystemOptions.parse(settings);
        try {
            return new FilesystemBackend(options, mode);
        } catch (IOException e) {
            throw new StorageException("cannot open tape directory " + options.directory() + ": "
                    + FileProblem.describe(e) + " (check the path setting and permissions)", e);
        }
    }
}
