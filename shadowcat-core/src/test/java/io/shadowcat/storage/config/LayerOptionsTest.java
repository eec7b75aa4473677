package io.shadowcat.storage.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.StorageRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage layers' settings come in from shadowcat.toml, the environment and --storage like any other. */
class LayerOptionsTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @TempDir
    Path cwd;

    @Test
    void theOptionsTableTakesEveryLayerSetting() throws Exception {
        Files.writeString(cwd.resolve("shadowcat.toml"), """
                [recorder.storage]
                provider = "filesystem"
                [recorder.storage.options]
                retention = { lock = "compliance", min_age = "7y", max_age = "30d" }
                audit_log = "audit.jsonl"
                namespace = "team-a"
                """);
        StorageConfig c = StorageConfig.resolve(null, null, Map.of(), cwd);
        assertThat(c.settings().asMap()).containsEntry("retention_lock", "compliance")
                .containsEntry("retention_min_age", "7y").containsEntry("retention_max_age", "30d")
                .containsEntry("audit_log", "audit.jsonl").containsEntry("namespace", "team-a");
    }

    @Test
    void theEnvironmentAndSpecsSetThemToo() {
        StorageConfig env = StorageConfig.resolve(null, null, Map.of("SHADOWCAT_STORAGE_PROVIDER", "memory",
                "SHADOWCAT_STORAGE_NAMESPACE", "team-b"), cwd);
        assertThat(env.settings().asMap()).containsEntry("namespace", "team-b");
        env.validate(REGISTRY);
        StorageConfig spec = StorageConfig.resolve("memory:namespace=team-c", null, Map.of(), cwd);
        assertThat(spec.settings().asMap()).containsEntry("namespace", "team-c");
    }

    @Test
    void aLayerValueOfTheWrongTypeInTheFileNamesTheLine() throws Exception {
        Files.writeString(cwd.resolve("shadowcat.toml"), """
                [recorder.storage]
                provider = "memory"
                [recorder.storage.options]
                namespace = 5
                """);
        StorageConfig c = StorageConfig.resolve(null, null, Map.of(), cwd);
        assertThatThrownBy(() -> c.validate(REGISTRY)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("namespace").hasMessageContaining("shadowcat.toml:4");
    }
}
