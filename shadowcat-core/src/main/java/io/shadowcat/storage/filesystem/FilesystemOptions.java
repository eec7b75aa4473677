package io.shadowcat.storage.filesystem;

import io.shadowcat.storage.support.FileMode;
import io.shadowcat.storage.config.StorageSettings;
import java.nio.file.Path;

/** The {@code filesystem} provider's settings, parsed and checked. */
record FilesystemOptions(Path directory, Durability durability, Compression compression, RetentionPolicy retention,
        FileMode fileMode) {

    static final String PATH = "path";
    static final String DURABILITY = "durability";
    static final String COMPRESSION = "compression";
    static final String DEFAULT_PATH = "./tapes";

    /** @throws io.shadowcat.storage.InvalidConfigException naming the bad key */
    static FilesystemOptions parse(StorageSettings s) {
        return new FilesystemOptions(s.path(PATH, Path.of(DEFAULT_PATH)), Durability.parse(s, DURABILITY),
                Compression.parse(s, COMPRESSION), RetentionPolicy.parse(s), FileMode.parse(s));
    }
}
