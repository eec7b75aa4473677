package io.ectar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmupTest {

    @Test
    void archiveCommandsGetADaemonHeadStartThatEnds() throws Exception {
        for (String command : new String[] {"create", "extract", "list", "verify", "info"}) {
            Thread thread = Warmup.start(new String[] {command, "-i", "x"}).orElseThrow();
            assertThat(thread.isDaemon()).isTrue();
            assertThat(thread.getName()).isEqualTo("ectar-warmup");
            thread.join(600_000); // a hang fails, however loaded the machine
            assertThat(thread.isAlive()).as(command).isFalse();
        }
        assertThat(com.github.luben.zstd.util.Native.isLoaded()).isTrue();
    }

    @Test
    void otherCommandsGetNone() {
        for (String[] args : new String[][] {{}, {"--version"}, {"bench"}, {"help", "create"}, {"--verbose", "list"}}) {
            assertThat(Warmup.start(args)).as(String.join(" ", args)).isEmpty();
        }
    }
}
