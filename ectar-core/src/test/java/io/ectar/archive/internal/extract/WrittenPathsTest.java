package io.ectar.archive.internal.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The extract's set of written paths holds far more paths than its table, in runs on disk that get merged. */
class WrittenPathsTest {

    @Test
    void everyAddedPathIsFoundAndNoOtherAfterSpillsAndMerges() throws Exception {
        int n = WrittenPaths.IN_MEMORY * 10 + 123; // ten runs: more than MAX_RUNS, so they are merged
        try (WrittenPaths written = new WrittenPaths()) {
            for (int i = 0; i < n; i++) {
                written.add(Path.of("/out/d" + (i % 97) + "/f" + i));
            }
            written.add(Path.of("/out/d0/f0")); // again: harmless
            for (int i = 0; i < n; i += 7) {
                assertThat(written.contains(Path.of("/out/d" + (i % 97) + "/f" + i))).as("path %d", i).isTrue();
            }
            assertThat(written.contains(Path.of("/out/d" + (n - 1) % 97 + "/f" + (n - 1)))).isTrue();
            for (int i = 0; i < 2000; i++) {
                assertThat(written.contains(Path.of("/out/d" + (i % 97) + "/g" + i))).isFalse();
                assertThat(written.contains(Path.of("/out/d" + ((i + 1) % 97) + "/f" + i))).isFalse();
            }
        }
    }
}
