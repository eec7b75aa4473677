package io.shadowcat.storage.layer;

import static io.shadowcat.storage.layer.LayerTapes.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageLayersTest {

    @TempDir
    Path dir;

    @Test
    void theBuiltInLayersStackInTheDocumentedOrder() {
        assertThat(StorageLayers.standard().layers()).extracting(StorageLayer::name)
                .containsSubsequence("audit", "namespace", "retention");
        try (TapeStorageBackend b = open(dir, "audit_log", dir.resolve("a.log").toString(), "namespace", "n")) {
            List<Class<?>> stack = new ArrayList<>();
            TapeStorageBackend at = b;
            while (at instanceof LayeredBackend l) {
                stack.add(at.getClass());
                at = l.inner();
            }
            stack.add(at.getClass());
            assertThat(stack).extracting(Class::getSimpleName).containsSubsequence("TrackedBackend", "AuditBackend",
                    "NamespaceBackend", "RetentionBackend", "FilesystemBackend");
            assertThat(StorageLayers.find(b, AuditRecorder.class)).isPresent();
            assertThat(StorageLayers.find(b, TapeLifecycle.class).orElseThrow()).isInstanceOf(AuditBackend.class);
        }
    }

    @Test
    void layerKeysAreSplitOffBeforeTheProviderSeesThem() {
        StorageLayers.Split split = StorageLayers.standard().split(StorageSettings.of("filesystem",
                Map.of("path", "x", "namespace", "n", "audit_log", "a")));
        assertThat(split.provider().asMap()).containsOnlyKeys("path");
        assertThat(split.layers().asMap()).containsOnlyKeys("namespace", "audit_log");
        assertThat(split.layers().provider()).isEqualTo("filesystem");
    }

    @Test
    void anUnknownKeyListsEveryKeyTheProviderAndTheLayersKnow() {
        assertThatThrownBy(() -> open(dir, "namespcae", "n")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("filesystem.namespcae: unknown setting (known: path,")
                .hasMessageContaining("storage layers: audit_log, signing_key_file, encryption, age_recipients_file, age_identity_file, namespace, retention_lock, retention_min_age");
    }

    @Test
    void twoLayersClaimingOneKeyIsAProgrammingError() {
        assertThatThrownBy(() -> StorageLayers.of(List.of(new NamespaceLayer(), new NamespaceLayer())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace");
    }
}
