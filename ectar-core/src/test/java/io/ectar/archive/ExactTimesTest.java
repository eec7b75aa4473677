package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.format.IndexEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modification times survive create and extract exactly, to the nanosecond, before 1970 and after 2262, on
 * files, directories and symbolic links, with the index and without it (where the tar stream's pax headers are
 * all there is). Before, 1906 and 1960 came back as 1970-01-01, 2300 as 2262-04-11, nanoseconds were cut to
 * 100 ns on files and to a microsecond on links.
 */
class ExactTimesTest {

    @TempDir
    Path tmp;

    private Path archive;

    @BeforeEach
    void archiveTheTree() throws Exception {
        TimedTree.create(tmp.resolve("in/data"));
        assertThat(TimedTree.times(tmp.resolve("in/data"))).as("the tree as touch made it")
                .isEqualTo(TimedTree.expected());
        archive = tmp.resolve("archive");
        Archives.create(archive, CreateOptions.defaults().withShards(2, 1), tmp.resolve("in/data"));
    }

    @Test
    void theIndexRecordsEachTimeExactly() throws Exception {
        Map<String, Instant> indexed = new TreeMap<>();
        try (Archive a = Archive.open(archive.resolve(Archives.BASE).toString())) {
            for (IndexEntry e : a.index().orElseThrow().entries()) {
                indexed.put(e.path(), e.mtime());
            }
        }
        assertThat(indexed).containsEntry("data/1906.txt", Instant.ofEpochSecond(-2_000_000_000L, -123_456_789))
                .containsEntry("data/2300.txt", Instant.parse("2300-01-01T00:00:00Z"))
                // after 2262 the JDK reads microseconds only: create reads such a time again with statx
                .containsEntry("data/2300-ns.txt", Instant.parse("2300-01-01T00:00:00.123456789Z"))
                .containsEntry("data/link-ns", Instant.ofEpochSecond(1_500_000_000L, 987_654_321));
    }

    @Test
    void extractionWithTheIndexRestoresEachTimeExactly() throws Exception {
        Archives.extract(archive, tmp.resolve("out"), ExtractOptions.defaults());
        assertThat(TimedTree.times(tmp.resolve("out/data"))).isEqualTo(TimedTree.expected());
    }

    @Test
    void extractionWithoutAnyIndexRestoresEachTimeExactlyFromThePaxHeaders() throws Exception {
        Archives.deleteIndex(archive, true);
        Archives.extract(archive, tmp.resolve("out"), ExtractOptions.defaults());
        assertThat(TimedTree.times(tmp.resolve("out/data"))).isEqualTo(TimedTree.expected());
    }
}
