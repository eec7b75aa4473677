package io.shadowcat.storage.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.spi.ConfigSchema;
import io.shadowcat.storage.spi.StorageProviderFactory;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.ConfigFileException;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.ProviderInfo;
import io.shadowcat.storage.ProviderNotFoundException;
import io.shadowcat.storage.StorageNotFoundException;
import io.shadowcat.storage.StorageRegistry;

/**
 * Which storage provider to use, with which settings, and where each came from.
 *
 * <p>{@link #resolve} combines, from strongest to weakest: the command line ({@code --storage
 * PROVIDER[:key=value,...]}), the environment ({@code SHADOWCAT_STORAGE_PROVIDER}, {@code SHADOWCAT_STORAGE_PATH},
 * {@code SHADOWCAT_STORAGE_<SETTING>}), the configuration file ({@code --config FILE}, else {@code
 * ./shadowcat.toml}, else {@code $XDG_CONFIG_HOME/shadowcat/shadowcat.toml}) and the defaults (provider
 * {@code filesystem}, its default settings). A source that names another provider than the weaker ones
 * starts over with its own settings; a source that names no provider adds to or overrides the settings.
 *
 * @param provider the provider name
 * @param settings the settings for it
 * @param origins where the provider ({@code "provider"}) and each setting came from, for error messages
 * @param fileValues how a configuration file wrote the settings that came from one (TOML values are typed,
 *        the other sources are text), so that {@link #validate} can refuse {@code path = true}
 */
public record StorageConfig(String provider, StorageSettings settings, Map<String, String> origins,
                            Map<String, FileValue> fileValues) {

    /** The configuration file name looked for in the current directory and the XDG config directory. */
    public static final String FILE_NAME = "shadowcat.toml";
    /** Environment variable naming the provider. */
    public static final String ENV_PROVIDER = "SHADOWCAT_STORAGE_PROVIDER";
    /** Prefix of environment variables that set a provider setting: {@code SHADOWCAT_STORAGE_PATH} sets {@code path}. */
    public static final String ENV_PREFIX = "SHADOWCAT_STORAGE_";

    public StorageConfig {
        Objects.requireNonNull(provider, "provider");
        settings = settings == null ? StorageSettings.of(provider, Map.of())
                : StorageSettings.of(provider, settings.asMap());
        origins = origins == null ? Map.of() : Map.copyOf(origins);
        fileValues = fileValues == null ? Map.of() : Map.copyOf(fileValues);
    }

    /** A configuration whose settings are all text (given in code, the environment or {@code --storage}). */
    public StorageConfig(String provider, StorageSettings settings, Map<String, String> origins) {
        this(provider, settings, origins, Map.of());
    }

    /**
     * A setting's value as a configuration file wrote it.
     *
     * @param type {@link ConfigField.Type#STRING} for a quoted value, {@code INTEGER} for a whole number,
     *        {@code BOOLEAN} for true or false
     * @param text the value as written (without quotes)
     */
    public record FileValue(ConfigField.Type type, String text) {
        public FileValue {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(text, "text");
        }
    }

    /** This configuration with other settings (for the same provider), keeping where each came from. */
    public StorageConfig withSettings(StorageSettings other) {
        return new StorageConfig(provider, other, origins, fileValues);
    }

    /** The default: the {@code filesystem} provider with its default settings. */
    public static StorageConfig defaults() {
        return new StorageConfig(StorageRegistry.DEFAULT_PROVIDER, null, Map.of("provider", "defaults"));
    }

    /** A config for {@code provider} with {@code settings} given in code. */
    public static StorageConfig of(String provider, Map<String, String> settings) {
        Map<String, String> origins = new LinkedHashMap<>();
        origins.put("provider", "code");
        settings.keySet().forEach(k -> origins.put(k, "code"));
        return new StorageConfig(provider, StorageSettings.of(provider, settings), origins);
    }

    /**
     * Resolves the configuration from every source.
     *
     * @param storageSpec the {@code --storage} value, or null
     * @param configFile the {@code --config} value, or null to look in {@code workingDir} and the XDG directory
     * @param env the environment (normally {@link System#getenv()})
     * @param workingDir where {@code shadowcat.toml} is looked for first
     * @throws ConfigFileException when the file named or found cannot be read or is malformed
     * @throws InvalidConfigException when the {@code --storage} spec is malformed
     */
    public static StorageConfig resolve(String storageSpec, Path configFile, Map<String, String> env, Path workingDir) {
        Layer merged = new Layer(StorageRegistry.DEFAULT_PROVIDER, "defaults");
        Optional<Path> file = configFile != null ? Optional.of(requireReadable(configFile)) : findFile(env, workingDir);
        if (file.isPresent()) {
            merged = merged.then(TomlStorageConfig.read(file.get()));
        }
        merged = merged.then(fromEnvironment(env));
        if (storageSpec != null && !storageSpec.isBlank()) {
            merged = merged.then(StorageSpec.parse(storageSpec));
        }
        return merged.toConfig();
    }

    /**
     * A configuration from a compact spec alone ({@code PROVIDER[:key=value,...]}), ignoring the environment
     * and configuration files: for commands that name a storage explicitly, such as a migration's source.
     *
     * @throws InvalidConfigException when the spec is malformed
     */
    public static StorageConfig fromSpec(String spec) {
        return new Layer(StorageRegistry.DEFAULT_PROVIDER, "defaults").then(StorageSpec.parse(spec)).toConfig();
    }

    /** The file {@link #resolve} would read without {@code --config}. */
    public static Optional<Path> findFile(Map<String, String> env, Path workingDir) {
        Path local = workingDir.resolve(FILE_NAME);
        if (Files.isRegularFile(local)) {
            return Optional.of(local);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base;
        if (xdg != null && !xdg.isBlank()) {
            base = Path.of(xdg);
        } else if (env.get("HOME") != null) {
            base = Path.of(env.get("HOME"), ".config");
        } else {
            return Optional.empty();
        }
        Path user = base.resolve("shadowcat").resolve(FILE_NAME);
        return Files.isRegularFile(user) ? Optional.of(user) : Optional.empty();
    }

    /**
     * Checks the provider exists and the settings are valid, without creating anything.
     *
     * @throws ProviderNotFoundException naming where the provider name came from
     * @throws InvalidConfigException naming the key and where it came from
     */
    public void validate(StorageRegistry registry) {
        if (!registry.contains(provider)) {
            throw new ProviderNotFoundException(provider,
                    registry.list().stream().map(ProviderInfo::name).toList(), origins.get("provider"));
        }
        try {
            checkFileTypes(registry);
            registry.validate(provider, settings);
        } catch (InvalidConfigException e) {
            throw withOrigin(e);
        }
    }

    // A file's value must have the setting's type: path = true or busy_timeout = 30 is a mistake, not "true".
    private void checkFileTypes(StorageRegistry registry) {
        ConfigSchema schema = registry.factory(provider).map(StorageProviderFactory::configSchema).orElse(null);
        if (schema == null) {
            return;
        }
        fileValues.forEach((key, written) -> schema.field(key).or(() -> registry.layers().field(key)).ifPresent(field -> {
            String problem = TomlStorageConfig.mismatch(field, written.type(), written.text());
            if (problem != null) {
                throw new InvalidConfigException(provider, key, problem);
            }
        }));
    }

    /** Validates, then creates the backend through {@code registry}; close it when done. */
    public TapeStorageBackend create(StorageRegistry registry) {
        return open(registry, OpenMode.CREATE);
    }

    /**
     * Validates, then opens the backend through {@code registry} for {@code mode}; close it when done.
     *
     * @throws StorageNotFoundException when {@code mode} is {@link OpenMode#EXISTING} and the storage is missing
     */
    public TapeStorageBackend open(StorageRegistry registry, OpenMode mode) {
        validate(registry);
        try {
            return registry.open(provider, settings, mode);
        } catch (InvalidConfigException e) {
            throw withOrigin(e);
        }
    }

    private InvalidConfigException withOrigin(InvalidConfigException e) {
        String origin = origins.get(e.key());
        if (origin == null) {
            return e;
        }
        InvalidConfigException named = new InvalidConfigException(e.provider(), e.key(),
                e.problem() + " (set in " + origin + ")");
        named.initCause(e);
        return named;
    }

    private static Path requireReadable(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigFileException(file, "no such configuration file (check --config)", null);
        }
        return file;
    }

    static Layer fromEnvironment(Map<String, String> env) {
        Layer layer = new Layer(blankToNull(env.get(ENV_PROVIDER)), "environment " + ENV_PROVIDER);
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && !name.equals(ENV_PROVIDER) && name.length() > ENV_PREFIX.length()
                    && value != null && !value.isEmpty()) {
                String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
                if (layer.settings.containsKey(key)) {
                    // SHADOWCAT_STORAGE_PATH and SHADOWCAT_STORAGE_Path: which wins would depend on map order
                    throw new InvalidConfigException(layer.provider == null ? "" : layer.provider, key,
                            "set by both " + layer.origins.get(key) + " and " + name + "; keep one");
                }
                layer.put(key, value, "environment " + name);
            }
        });
        return layer;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** One source's provider (or null) and settings, with where each came from. */
    static final class Layer {
        final String provider;
        final String providerOrigin;
        final Map<String, String> settings = new LinkedHashMap<>();
        final Map<String, String> origins = new LinkedHashMap<>();
        final Map<String, FileValue> fileValues = new LinkedHashMap<>();

        Layer(String provider, String providerOrigin) {
            this.provider = provider;
            this.providerOrigin = providerOrigin;
        }

        void put(String key, String value, String origin) {
            settings.put(key, value);
            origins.put(key, origin);
        }

        /** A setting from a configuration file, written there with TOML type {@code type}. */
        void put(String key, String value, String origin, ConfigField.Type type) {
            put(key, value, origin);
            fileValues.put(key, new FileValue(type, value));
        }

        /** This layer overridden by {@code stronger}. */
        Layer then(Layer stronger) {
            boolean restart = stronger.provider != null && !stronger.provider.equals(provider);
            Layer out = stronger.provider != null
                    ? new Layer(stronger.provider, stronger.providerOrigin) : new Layer(provider, providerOrigin);
            if (!restart) {
                out.settings.putAll(settings);
                out.origins.putAll(origins);
                out.fileValues.putAll(fileValues);
            }
            out.settings.putAll(stronger.settings);
            out.origins.putAll(stronger.origins);
            out.fileValues.keySet().removeAll(stronger.settings.keySet());
            out.fileValues.putAll(stronger.fileValues);
            return out;
        }

        StorageConfig toConfig() {
            Map<String, String> all = new LinkedHashMap<>(origins);
            all.put("provider", providerOrigin);
            return new StorageConfig(provider, StorageSettings.of(provider, settings), all, fileValues);
        }
    }
}
