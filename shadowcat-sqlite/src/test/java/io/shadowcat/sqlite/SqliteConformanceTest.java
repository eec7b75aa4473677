package io.shadowcat.sqlite;

import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.testkit.OpenModeConformance;
import io.shadowcat.testkit.TapeStorageConformance;
import java.nio.file.Path;
import java.util.Map;

/** The sqlite provider meets the contract every storage provider must meet. */
class SqliteConformanceTest extends TapeStorageConformance implements OpenModeConformance {

    @Override
    public TapeStorageBackend createBackend(Path dir) {
        return new SqliteStorageProvider().create(StorageSettings.of("sqlite",
                Map.of("path", dir.resolve("tapes.db").toString())));
    }

    @Override
    public TapeStorageBackend openBackend(Path dir, OpenMode mode) {
        return new SqliteStorageProvider().create(StorageSettings.of("sqlite",
                Map.of("path", dir.resolve("tapes.db").toString())), mode);
    }
}
