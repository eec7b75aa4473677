package io.ectar.archive.internal.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.archive.internal.read.TarHeader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Directories beyond what is held in memory are applied from a temporary file, deepest first, in tar order. */
class PendingDirectoriesTest {

    @Test
    void spilledDirectoriesComeBackDeepestFirstWithTheirMetadata() throws Exception {
        Random random = new Random(12);
        int n = PendingDirectories.IN_MEMORY * 2 + 5;
        List<PendingDirectories.Pending> added = new ArrayList<>();
        List<PendingDirectories.Pending> applied = new ArrayList<>();
        try (PendingDirectories pending = new PendingDirectories()) {
            for (int i = 0; i < n; i++) {
                int depth = 1 + random.nextInt(12);
                TarHeader h = new TarHeader("d/" + i + "/é", '5', 0, i % 07777, Instant.ofEpochSecond(-1000L + i, i),
                        i, 2L * i, i % 3 == 0 ? null : "u", "g", null, 512L * i, null);
                PendingDirectories.Pending p = new PendingDirectories.Pending(Path.of("/out/d/" + i), depth, h);
                added.add(p);
                pending.add(p.dir(), p.depth(), p.header());
            }
            pending.applyAll(applied::add);
        }
        List<PendingDirectories.Pending> expected = new ArrayList<>(added);
        expected.sort(java.util.Comparator.comparingInt(PendingDirectories.Pending::depth).reversed());
        assertThat(applied).containsExactlyElementsOf(expected);
    }
}
