package io.shadowcat.storage.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.shadowcat.storage.ConfigFileException;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.ProviderNotFoundException;
import io.shadowcat.storage.StorageRegistry;

class StorageConfigTest {

    @TempDir
    Path cwd;

    private Path toml(String text) throws IOException {
        return Files.writeString(cwd.resolve("shadowcat.toml"), text);
    }

    private StorageConfig resolve(String spec, Map<String, String> env) {
        return StorageConfig.resolve(spec, null, env, cwd);
    }

    @Test
    void defaultsToFilesystemWithNoSettings() {
        StorageConfig c = resolve(null, Map.of());
        assertThat(c.provider()).isEqualTo("filesystem");
        assertThat(c.settings().keys()).isEmpty();
    }

    @Test
    void readsRecorderStorageWithSettingsAndOptions() throws IOException {
        toml("[recorder.storage]\nprovider = \"filesystem\"\n"
                + "[recorder.storage.settings]\npath = \"/data/tapes\"\ndurability = \"every_frame\"\n"
                + "[recorder.storage.options]\ncompression = \"zstd\"\nretention = { max_age = \"30d\", max_count = 100 }\n");
        StorageConfig c = resolve(null, Map.of());
        assertThat(c.provider()).isEqualTo("filesystem");
        assertThat(c.settings().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("path", "/data/tapes",
                "durability", "every_frame", "compression", "zstd", "retention_max_age", "30d",
                "retention_max_count", "100"));
        c.validate(StorageRegistry.isolated());
    }

    @Test
    void acceptsTheConfigAliasAndTheRecordingSection() throws IOException {
        toml("[recording.storage]\nprovider = \"memory\"\n[recording.storage.config]\nmax_tapes = 5\n");
        StorageConfig c = resolve(null, Map.of());
        assertThat(c.provider()).isEqualTo("memory");
        assertThat(c.settings().asMap()).isEqualTo(Map.of("max_tapes", "5"));
    }

    @Test
    void fileErrorsNameTheFileAndKey() throws IOException {
        toml("[recorder.storage]\nprovder = \"x\"\n");
        assertThatThrownBy(() -> resolve(null, Map.of())).isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("shadowcat.toml").hasMessageContaining("recorder.storage.provder");
        toml("[recorder.storage]\nprovider = \"x\"\n[recorder.storage.settings]\na=1\n[recorder.storage.config]\nb=2\n");
        assertThatThrownBy(() -> resolve(null, Map.of())).hasMessageContaining("keep one");
        toml("[recorder.storage\nprovider = 1\n");
        assertThatThrownBy(() -> resolve(null, Map.of())).isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("not valid TOML");
        toml("[recorder.storage.options]\nretention = { max_days = 3 }\n");
        assertThatThrownBy(() -> resolve(null, Map.of())).hasMessageContaining("retention.max_days");
        assertThatThrownBy(() -> StorageConfig.resolve(null, cwd.resolve("missing.toml"), Map.of(), cwd))
                .isInstanceOf(ConfigFileException.class).hasMessageContaining("missing.toml");
    }

    @Test
    void invalidValuesNameTheKeyAndWhereItWasSet() throws IOException {
        toml("[recorder.storage]\nprovider = \"filesystem\"\n[recorder.storage.settings]\ndurability = \"sometimes\"\n");
        StorageConfig c = resolve(null, Map.of());
        assertThatThrownBy(() -> c.validate(StorageRegistry.isolated())).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("filesystem.durability").hasMessageContaining("shadowcat.toml");
        StorageConfig env = resolve(null, Map.of("SHADOWCAT_STORAGE_COLOUR", "red"));
        assertThatThrownBy(() -> env.validate(StorageRegistry.isolated()))
                .hasMessageContaining("filesystem.colour").hasMessageContaining("SHADOWCAT_STORAGE_COLOUR");
        StorageConfig unknown = resolve(null, Map.of("SHADOWCAT_STORAGE_PROVIDER", "s4"));
        assertThatThrownBy(() -> unknown.validate(StorageRegistry.isolated()))
                .isInstanceOf(ProviderNotFoundException.class).hasMessageContaining("s4")
                .hasMessageContaining("SHADOWCAT_STORAGE_PROVIDER");
    }

    @Test
    void precedenceIsCommandLineThenEnvironmentThenFileThenDefaults() throws IOException {
        toml("[recorder.storage]\nprovider = \"filesystem\"\n[recorder.storage.settings]\npath = \"file-path\"\n"
                + "durability = \"on_close\"\n");
        Map<String, String> env = Map.of("SHADOWCAT_STORAGE_PATH", "env-path");
        StorageConfig fromEnv = resolve(null, env);
        assertThat(fromEnv.settings().asMap()).isEqualTo(Map.of("path", "env-path", "durability", "on_close"));
        assertThat(fromEnv.origins().get("path")).isEqualTo("environment SHADOWCAT_STORAGE_PATH");

        StorageConfig fromCli = resolve("filesystem:path=cli-path", env);
        assertThat(fromCli.settings().asMap()).isEqualTo(Map.of("path", "cli-path", "durability", "on_close"));
        assertThat(fromCli.origins().get("path")).isEqualTo("--storage");

        // Naming another provider starts over: the file's filesystem settings do not leak into memory.
        StorageConfig other = resolve("memory:max_tapes=3", env);
        assertThat(other.provider()).isEqualTo("memory");
        assertThat(other.settings().asMap()).isEqualTo(Map.of("max_tapes", "3"));
        StorageConfig envProvider = resolve(null, Map.of("SHADOWCAT_STORAGE_PROVIDER", "memory"));
        assertThat(envProvider.provider()).isEqualTo("memory");
        assertThat(envProvider.settings().keys()).isEmpty();
    }

    @Test
    void storageSpecParsesPairsAndEscapes() {
        StorageConfig c = resolve("sqlite:path=/tmp/a\\,b.db, busy_timeout = 5s", Map.of());
        assertThat(c.provider()).isEqualTo("sqlite");
        assertThat(c.settings().asMap()).isEqualTo(Map.of("path", "/tmp/a,b.db", "busy_timeout", "5s"));
        assertThatThrownBy(() -> resolve("sqlite:path", Map.of())).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("expected key=value");
        assertThatThrownBy(() -> resolve(":path=x", Map.of())).hasMessageContaining("names no provider");
    }

    @Test
    void xdgConfigHomeIsSearchedAfterTheWorkingDirectory(@TempDir Path xdg) throws IOException {
        Files.createDirectories(xdg.resolve("shadowcat"));
        Files.writeString(xdg.resolve("shadowcat/shadowcat.toml"), "[recorder.storage]\nprovider = \"memory\"\n");
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", xdg.toString());
        assertThat(resolve(null, env).provider()).isEqualTo("memory");
        toml("[recorder.storage]\nprovider = \"filesystem\"\n");
        assertThat(resolve(null, env).provider()).isEqualTo("filesystem");
        Path explicit = Files.writeString(xdg.resolve("other.toml"), "[recorder.storage]\nprovider = \"memory\"\n");
        assertThat(StorageConfig.resolve(null, explicit, env, cwd).provider()).isEqualTo("memory");
    }

    @Test
    void optionsUnsupportedByTheProviderAreRejectedByValidation() throws IOException {
        toml("[recorder.storage]\nprovider = \"memory\"\n[recorder.storage.options]\ncompression = \"zstd\"\n");
        StorageConfig c = resolve(null, Map.of());
        assertThatThrownBy(() -> c.validate(StorageRegistry.isolated()))
                .hasMessageContaining("memory.compression").hasMessageContaining("unknown setting");
    }
}
