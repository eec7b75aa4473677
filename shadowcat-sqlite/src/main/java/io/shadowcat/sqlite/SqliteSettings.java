package io.shadowcat.sqlite;

import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.spi.ConfigSchema;
import io.shadowcat.storage.support.Batching;
import io.shadowcat.storage.support.FileMode;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The validated settings of one SQLite database.
 *
 * @param path the database file
 * @param busyTimeout how long a writer waits for another process's write lock before failing
 * @param synchronous how hard commits are pushed to disk
 * @param batchFrames a live tape's frames are committed at least every this many frames
 * @param batchInterval ... and at least this often, so a crash loses at most one batch
 * @param fileMode the permissions of a database file (and its parent directories) created here; SQLite gives its
 *     journal, WAL and shared-memory files the database file's
 */
record SqliteSettings(Path path, Duration busyTimeout, Synchronous synchronous, int batchFrames,
                      Duration batchInterval, FileMode fileMode) {

    static final String PATH = "path";
    static final String BUSY_TIMEOUT = "busy_timeout";
    static final String SYNCHRONOUS = "synchronous";
    private static final int MAX_BATCH_FRAMES = 100_000;

    static final ConfigSchema SCHEMA = ConfigSchema.of(
            ConfigField.withDefault(PATH, ConfigField.Type.PATH,
                    "The database file; created with its parent directories when missing.",
                    "./tapes.db"),
            ConfigField.withDefault(BUSY_TIMEOUT, ConfigField.Type.DURATION,
                    "How long to wait for another process holding the write lock before failing.",
                    "30s"),
            ConfigField.withDefault(SYNCHRONOUS, ConfigField.Type.STRING,
                    "off, normal, full or extra: normal loses nothing committed when a process crashes;"
                            + " full also survives power loss, at one fsync per commit.",
                    "normal"),
            Batching.framesField(MAX_BATCH_FRAMES),
            Batching.intervalField(),
            ConfigField.withDefault(FileMode.SETTING, ConfigField.Type.STRING,
                    "Permissions of a database file created here (octal, e.g. 640); private by default.",
                    "600"));

    private static final Duration MAX_BUSY_TIMEOUT = Duration.ofDays(1);

    /** Parses and checks every setting, naming the first bad key. */
    static SqliteSettings from(StorageSettings settings) {
        SCHEMA.validate(settings);
        String provider = settings.provider().isEmpty() ? SqliteStorageProvider.NAME : settings.provider();
        String pathText = settings.string(PATH, "./tapes.db").strip(); // empty: refused by SCHEMA.validate
        if (pathText.contains("?") || pathText.startsWith(":memory:") || pathText.startsWith("file:")) {
            throw new InvalidConfigException(provider, PATH, "'" + pathText
                    + "' is not a plain file path (no '?', 'file:' URIs or ':memory:'): name the database file");
        }
        Path path = Path.of(pathText).toAbsolutePath().normalize();

        Duration busy = settings.duration(BUSY_TIMEOUT, Duration.ofSeconds(30));
        if (busy.isNegative() || busy.compareTo(MAX_BUSY_TIMEOUT) > 0) {
            throw new InvalidConfigException(provider, BUSY_TIMEOUT, "must be between 0 and 1d, got " + busy);
        }
        String syncText = settings.string(SYNCHRONOUS, "normal");
        Synchronous sync = Synchronous.parse(syncText);
        if (sync == null) {
            throw new InvalidConfigException(provider, SYNCHRONOUS,
                    "expected off, normal, full or extra, got '" + syncText + "'");
        }
        Batching batching = Batching.parse(settings, provider, MAX_BATCH_FRAMES);
        return new SqliteSettings(path, busy, sync, batching.frames(), batching.interval(), FileMode.parse(settings));
    }
}
