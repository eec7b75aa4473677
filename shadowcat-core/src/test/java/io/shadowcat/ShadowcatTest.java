package io.shadowcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.recorder.RecordingOptions;
import io.shadowcat.recorder.RecordingResult;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.ProviderExistsException;
import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.memory.MemoryStorageProvider;
import io.shadowcat.tape.TapeIdGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShadowcatTest {

    @Test
    void buildsWithANamedProviderAndSettings(@TempDir Path dir) {
        try (Shadowcat s = Shadowcat.builder().withStorage("filesystem", Map.of("path", dir.toString())).build()) {
            assertThat(s.storage().providerName()).isEqualTo("filesystem");
            assertThat(s.storage().list(TapeQuery.all()).total()).isZero();
            assertThat(s.registry().info("filesystem").liveInstances()).isEqualTo(1);
        }
    }

    @Test
    void invalidSettingsFailTheBuildNamingTheKey() {
        assertThatThrownBy(() -> Shadowcat.builder().withStorage("memory", Map.of("max_tapes", "lots")).build())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("memory.max_tapes");
    }

    @Test
    void suppliedBackendsAreUsedAndLeftOpen() {
        TapeStorageBackend mine = new MemoryStorageProvider().create(StorageSettings.empty());
        try (Shadowcat s = Shadowcat.builder().withStorageBackend(mine).build()) {
            assertThat(s.storage()).isSameAs(mine);
        }
        assertThat(mine.health().healthy()).isTrue();
        mine.close();
    }

    @Test
    void instanceRegistriesArePrivateAndIdsDeterministic() {
        StorageRegistry base = StorageRegistry.isolated();
        try (Shadowcat a = Shadowcat.builder().withRegistry(base).withStorage("memory", Map.of())
                .withIdGenerator(TapeIdGenerator.sequential("test")).build()) {
            a.registry().unregister("filesystem");
            assertThat(base.contains("filesystem")).isTrue();
            assertThat(a.newTapeId().value()).isEqualTo("test-000001");
            assertThat(a.newTapeId().value()).isEqualTo("test-000002");
        }
        assertThat(TapeIdGenerator.seeded(7).next()).isEqualTo(TapeIdGenerator.seeded(7).next());
        assertThatThrownBy(() -> Shadowcat.registerStorageProvider(new MemoryStorageProvider()))
                .isInstanceOf(ProviderExistsException.class);
        assertThat(Shadowcat.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    }
    @Test
    void recordingsTakeTheirTapeIdsFromTheInstancesGenerator() {
        byte[] line = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"}\n".getBytes(StandardCharsets.UTF_8);
        try (Shadowcat s = Shadowcat.builder().withStorage("memory", Map.of())
                .withIdGenerator(TapeIdGenerator.sequential("rec")).build()) {
            RecordingResult result = s.recorder(RecordingOptions.builder().build())
                    .record(List.of("cat"), new ByteArrayInputStream(line), new ByteArrayOutputStream());

            assertThat(result.tapeId().value()).isEqualTo("rec-000001");
            assertThat(s.storage().exists(result.tapeId())).isTrue();
        }
    }

    @Test
    void openingExistingStorageOnlyRefusesToCreateOne(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-tapes");
        assertThatThrownBy(() -> Shadowcat.builder().withStorage("filesystem", Map.of("path", missing.toString()))
                .withOpenMode(OpenMode.EXISTING).build())
                .isInstanceOf(StorageException.class);
        assertThat(missing).doesNotExist();
    }
}
