package io.shadowcat.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.OpenMode;
import io.shadowcat.storage.StorageNotFoundException;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.tape.Tape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * For providers whose storage can be missing (a directory, a database file, a bucket): implement this next to
 * extending {@link TapeStorageConformance}. Opening with {@link OpenMode#EXISTING} a storage that does not exist
 * must fail with {@link StorageNotFoundException} and create nothing, so that a mistyped path given to a
 * reading command is an error rather than a new, empty storage; {@link OpenMode#CREATE} creates it.
 */
public interface OpenModeConformance {

    /**
     * Opens the storage kept under {@code dir} (which may not exist yet: then nothing of the storage exists)
     * for {@code mode}; the same {@code dir} again means the same storage.
     */
    TapeStorageBackend openBackend(Path dir, OpenMode mode) throws Exception;

    @Test
    default void openingAMissingStorageAsExistingFailsAndCreatesNothing(@TempDir Path scratch) throws Exception {
        Path dir = scratch.resolve("typo");
        assertThatThrownBy(() -> openBackend(dir, OpenMode.EXISTING).close())
                .isInstanceOf(StorageNotFoundException.class)
                .hasMessageContaining("typo");
        try (Stream<Path> left = Files.list(scratch)) {
            assertThat(left).as("what opening a missing storage left behind").isEmpty();
        }
    }

    @Test
    default void aStorageCreatedOnceOpensAsExisting(@TempDir Path scratch) throws Exception {
        Path dir = scratch.resolve("store");
        Tape tape = SampleTapes.tape(5, "kept", 3, 1);
        try (TapeStorageBackend created = openBackend(dir, OpenMode.CREATE)) {
            created.save(tape);
        }
        try (TapeStorageBackend existing = openBackend(dir, OpenMode.EXISTING)) {
            assertThat(existing.list(TapeQuery.all()).items()).extracting(s -> s.id().value()).containsExactly("kept");
            assertThat(existing.load(tape.id()).frames()).isEqualTo(tape.frames());
        }
    }
}
