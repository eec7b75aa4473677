package io.shadowcat.cli;

import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.spi.ConfigSchema;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.config.StorageConfig;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.Shadowcat;
import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every {@code shadowcat} subcommand understands, given before or after the subcommand:
 * storage selection ({@code --storage}, {@code --config}), output format and verbosity. Subcommands reach
 * them with {@link #of(picocli.CommandLine.Model.CommandSpec)} and open their storage with
 * {@link #open(OpenMode)}.
 */
final class GlobalOptions {

    /** How results are printed. */
    enum Format { table, json }

    @Option(names = "--storage", paramLabel = "PROVIDER[:KEY=VALUE,...]", scope = ScopeType.INHERIT,
            description = "Storage provider and settings, e.g. filesystem:path=./tapes or sqlite:path=tapes.db "
                    + "(overrides SHADOWCAT_STORAGE_* and shadowcat.toml).")
    String storage;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Configuration file (default: ./shadowcat.toml, then $XDG_CONFIG_HOME/shadowcat/shadowcat.toml).")
    Path config;

    @Option(names = "--format", paramLabel = "table|json", scope = ScopeType.INHERIT,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: table).")
    Format format = Format.table;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Debug logging, and stack traces with errors.")
    boolean verbose;

    private Map<String, String> env = System.getenv();
    private Path workingDir = Path.of("").toAbsolutePath();
    private StorageRegistry registry;

    /** The global options of the command line that {@code spec} belongs to. */
    static GlobalOptions of(picocli.CommandLine.Model.CommandSpec spec) {
        return ((ShadowcatCommand) spec.root().userObject()).global;
    }

    /** For tests: another environment, working directory and registry than the process's. */
    GlobalOptions context(Map<String, String> environment, Path cwd, StorageRegistry storageRegistry) {
        this.env = Map.copyOf(environment);
        this.workingDir = cwd;
        this.registry = storageRegistry;
        return this;
    }

    boolean json() {
        return format == Format.json;
    }

    /** The environment variables the command sees. */
    Map<String, String> environment() {
        return env;
    }

    Path workingDirectory() {
        return workingDir;
    }

    /** The registry providers are looked up in (the global one unless a test gave another). */
    StorageRegistry registry() {
        return registry != null ? registry : StorageRegistry.global();
    }

    /** The storage configuration from --storage, the environment, the config file and the defaults. */
    StorageConfig storageConfig() {
        return underWorkingDirectory(StorageConfig.resolve(storage, config == null ? null : workingDir.resolve(config),
                env, workingDir));
    }

    /** {@code c} with relative path settings (given or defaulted) made relative to the working directory. */
    StorageConfig underWorkingDirectory(StorageConfig c) {
        StorageSettings settings = c.settings();
        ConfigSchema schema = registry().factory(c.provider()).map(f -> f.configSchema()).orElse(null);
        if (schema == null) {
            return c;
        }
        // Relative paths are relative to the directory the command runs in (which tests choose).
        java.util.List<ConfigField> fields = new java.util.ArrayList<>(schema.fields());
        fields.addAll(registry().layers().fields());
        for (ConfigField field : fields) {
            if (field.type() != ConfigField.Type.PATH) {
                continue;
            }
            String value = settings.get(field.name()).orElse(field.defaultValue());
            if (value != null && !value.isBlank() && !Path.of(value).isAbsolute()) {
                settings = settings.with(field.name(), workingDir.resolve(value).normalize().toString());
            }
        }
        return c.withSettings(settings);
    }

    /**
     * Validates the configuration and opens the storage through the {@link Shadowcat} facade; close it when done. Commands that only read (and
     * {@code tape rm}) pass {@link OpenMode#EXISTING}, so a mistyped path is an error instead of a new, empty
     * storage; commands that store tapes pass {@link OpenMode#CREATE}.
     */
    Shadowcat open(OpenMode mode) {
        return open(storageConfig(), mode);
    }

    /** A {@link Shadowcat} on {@code config}'s storage, through this command line's registry; close it when done. */
    Shadowcat open(StorageConfig config, OpenMode mode) {
        return Shadowcat.builder().withRegistry(registry()).withStorage(config).withOpenMode(mode).build();
    }

    /**
     * A {@link Shadowcat} on the configured storage with every layer but {@code layerNames} (see {@link
     * io.shadowcat.storage.layer.StorageLayers#without}): their settings are still accepted and validated, they
     * are just not stacked. For the commands that read what a layer stores ({@code tape verify}, {@code rekey},
     * {@code export-age}).
     */
    Shadowcat openWithout(OpenMode mode, String... layerNames) {
        StorageRegistry registry = registry();
        return Shadowcat.builder().withRegistry(registry.withLayers(registry.layers().without(layerNames)))
                .withStorage(storageConfig()).withOpenMode(mode).build();
    }
}
