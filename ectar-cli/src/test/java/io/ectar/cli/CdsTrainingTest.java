package io.ectar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import io.ectar.format.ArchiveNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdsTrainingTest {

    @TempDir
    Path tmp;

    @Test
    void theTrainingRunsEveryCommandSuccessfully() throws Exception {
        CdsTraining.train(tmp);
        // the second extraction rebuilt shard 0 from the parity shard
        assertThat(Files.readString(tmp.resolve("x1/tree/sub/a.txt"))).isEqualTo("alpha\n".repeat(1000));
        assertThat(Files.readString(tmp.resolve("x2/tree/sub/a.txt"))).isEqualTo("alpha\n".repeat(1000));
        assertThat(Files.readString(tmp.resolve("x2/tree/sub/b.txt"))).isEqualTo("beta\n");
        assertThat(tmp.resolve("out/" + new ArchiveNames("t").shard(1, 0))).doesNotExist();
    }
}
