package com.example.shadowcat.provider;

import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.StorageNotFoundException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.spi.ConfigSchema;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.spi.StorageProviderFactory;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code example-dir} provider: tapes in one directory ({@code path}). Listed in
 * {@code META-INF/services/io.shadowcat.storage.spi.StorageProviderFactory}, so {@code StorageRegistry} finds it
 * on the class path or in {@code $SHADOWCAT_PLUGIN_DIR}. ServiceLoader needs the class public with a public
 * no-argument constructor; everything else in this package is package-private.
 */
public final class DirectoryStorageProvider implements StorageProviderFactory {

    /** The provider's name, as in {@code --storage example-dir:path=./tapes}. */
    public static final String NAME = "example-dir";

    private static final String PATH = "path";
    private static final ConfigSchema SCHEMA = ConfigSchema.of(
            ConfigField.required(PATH, ConfigField.Type.PATH, "the directory holding the tapes"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String displayName() {
        return "Example directory";
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public String description() {
        return "example third-party provider: tapes as files in one directory";
    }

    @Override
    public Set<ProviderCapability> capabilities() {
        return EnumSet.of(ProviderCapability.LIVE_APPEND, ProviderCapability.SUBSTRING_SEARCH,
                ProviderCapability.RANKED_SEARCH, ProviderCapability.CONDITIONAL_CREATE, ProviderCapability.LOCAL_STORAGE);
    }

    @Override
    public ConfigSchema configSchema() {
        return SCHEMA;
    }

    @Override
    public TapeStorageBackend create(StorageSettings settings) {
        return create(settings, OpenMode.CREATE);
    }

    @Override
    public TapeStorageBackend create(StorageSettings settings, OpenMode mode) {
        Path dir = settings.path(PATH, null);
        if (!Files.isDirectory(dir)) {
            if (mode == OpenMode.EXISTING) {
                // reading commands must not create anything (OpenMode's contract)
                throw new StorageNotFoundException(NAME, dir.toString(), "tape directory");
            }
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new StorageException("cannot create tape directory " + dir + ": " + e.getMessage(), e);
            }
        }
        return new DirectoryBackend(dir);
    }
}
