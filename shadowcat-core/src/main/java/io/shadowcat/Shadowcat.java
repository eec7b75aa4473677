package io.shadowcat;

import io.shadowcat.recorder.RecordingOptions;
import io.shadowcat.recorder.StdioRecorder;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.config.StorageConfig;
import io.shadowcat.storage.spi.StorageProviderFactory;
import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeIdGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The entry point of the Shadowcat library: one instance owns a tape storage backend, its own storage
 * registry and a tape id generator.
 *
 * <pre>{@code
 * Shadowcat.registerStorageProvider(new MyS3Provider());          // for every instance from now on
 * try (Shadowcat shadowcat = Shadowcat.builder()
 *         .withStorage("filesystem", Map.of("path", "./tapes"))
 *         .build()) {
 *     TapeStorageBackend storage = shadowcat.storage();
 * }
 * }</pre>
 *
 * <p>Each instance's registry is a copy of the global one taken when it is built, so providers registered
 * on an instance ({@link Builder#withStorageProvider}) stay private to it. Thread-safe.
 */
public final class Shadowcat implements AutoCloseable {

    private final StorageRegistry registry;
    private final TapeStorageBackend storage;
    private final boolean ownsStorage;
    private final TapeIdGenerator ids;

    private Shadowcat(StorageRegistry registry, TapeStorageBackend storage, boolean ownsStorage, TapeIdGenerator ids) {
        this.registry = registry;
        this.storage = storage;
        this.ownsStorage = ownsStorage;
        this.ids = ids;
    }

    /**
     * Registers a provider in the global registry, for every instance built afterwards.
     *
     * @throws io.shadowcat.storage.ProviderExistsException when the name is taken
     */
    public static void registerStorageProvider(StorageProviderFactory factory) {
        StorageRegistry.global().register(factory);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The library version, e.g. {@code 0.1.0}. */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = Shadowcat.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }

    /** Where this instance keeps its tapes. */
    public TapeStorageBackend storage() {
        return storage;
    }

    /** This instance's own registry. */
    public StorageRegistry registry() {
        return registry;
    }

    public TapeIdGenerator idGenerator() {
        return ids;
    }

    /** A new tape id from the configured generator. */
    public TapeId newTapeId() {
        return ids.next();
    }

    /**
     * A recorder of one stdio session onto this instance's storage; a tape without an explicit
     * {@link RecordingOptions#tapeId()} gets its id from this instance's generator.
     */
    public StdioRecorder recorder(RecordingOptions options) {
        return new StdioRecorder(storage, options, ids);
    }

    /** Closes the storage backend, unless it was supplied ready-made with {@link Builder#withStorageBackend}. */
    @Override
    public void close() {
        if (ownsStorage) {
            storage.close();
        }
    }

    /** Configures a {@link Shadowcat}; not thread-safe. */
    public static final class Builder {
        private StorageRegistry base;
        private final List<StorageProviderFactory> extraProviders = new ArrayList<>();
        private StorageConfig config;
        private TapeStorageBackend backend;
        private TapeIdGenerator ids = TapeIdGenerator.random();
        private OpenMode openMode = OpenMode.CREATE;

        private Builder() {
        }

        /** The registry to copy providers from (default: the global one). */
        public Builder withRegistry(StorageRegistry registry) {
            this.base = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Adds a provider to this instance's registry only. */
        public Builder withStorageProvider(StorageProviderFactory factory) {
            extraProviders.add(Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /** Stores tapes with the named provider and settings; validated when {@link #build()} runs. */
        public Builder withStorage(String provider, Map<String, String> settings) {
            return withStorage(StorageConfig.of(provider, settings));
        }

        public Builder withStorage(String provider, StorageSettings settings) {
            return withStorage(StorageConfig.of(provider, settings.asMap()));
        }

        /** Stores tapes as resolved configuration says (e.g. from {@link StorageConfig#resolve}). */
        public Builder withStorage(StorageConfig storageConfig) {
            this.config = Objects.requireNonNull(storageConfig, "storageConfig");
            this.backend = null;
            return this;
        }

        /** Uses a ready backend; the caller keeps ownership and closes it. */
        public Builder withStorageBackend(TapeStorageBackend storageBackend) {
            this.backend = Objects.requireNonNull(storageBackend, "storageBackend");
            this.config = null;
            return this;
        }

        /**
         * Whether a configured storage may be created ({@link OpenMode#CREATE}, the default) or must exist
         * ({@link OpenMode#EXISTING}: a mistyped path is an error, not a new, empty storage).
         */
        public Builder withOpenMode(OpenMode mode) {
            this.openMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** How new tape ids are made, e.g. {@link TapeIdGenerator#sequential} in tests. */
        public Builder withIdGenerator(TapeIdGenerator generator) {
            this.ids = Objects.requireNonNull(generator, "generator");
            return this;
        }

        /**
         * Builds the instance, creating its storage backend unless one was supplied; without any storage
         * configured, the registry's default ({@code filesystem} in {@code ./tapes}).
         *
         * @throws io.shadowcat.storage.StorageException when the provider is unknown, a setting is invalid
         *     (naming the key) or the backend cannot be created
         */
        public Shadowcat build() {
            StorageRegistry registry = (base != null ? base : StorageRegistry.global()).copy();
            extraProviders.forEach(registry::register);
            if (backend != null) {
                return new Shadowcat(registry, backend, false, ids);
            }
            TapeStorageBackend created = config != null ? config.open(registry, openMode) : registry.defaultStorage();
            return new Shadowcat(registry, created, true, ids);
        }
    }
}
