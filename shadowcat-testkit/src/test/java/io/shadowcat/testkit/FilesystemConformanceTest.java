package io.shadowcat.testkit;

import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.TapeId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/** The built-in {@code filesystem} provider against the conformance suite, created through the registry. */
class FilesystemConformanceTest extends TapeStorageConformance
        implements TornLastLineConformance, OpenModeConformance {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @Override
    public TapeStorageBackend createBackend(Path dir) {
        return REGISTRY.create("filesystem", StorageSettings.of("filesystem", Map.of("path", dir.toString())));
    }

    @Override
    public TapeStorageBackend openBackend(Path dir, OpenMode mode) {
        return REGISTRY.open("filesystem", StorageSettings.of("filesystem", Map.of("path", dir.toString())), mode);
    }

    @Override
    public void tearLastRecord(Path dir, TapeId id) throws Exception {
        Files.write(dir.resolve(id.value() + ".jsonl"),
                "{\"type\":\"frame\",\"seq\":9999,\"ts\":1,\"dir\":\"client_to_server\",\"env\":{\"mess"
                        .getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    }
}
