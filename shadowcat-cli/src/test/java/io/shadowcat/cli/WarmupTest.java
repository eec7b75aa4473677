package io.shadowcat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Warmup} starts only for the commands that open storage, and never for help or the version. */
class WarmupTest {

    @Test
    void theCommandsThatOpenStorageGetAHeadStart() throws InterruptedException {
        for (String[] args : new String[][] {{"--storage", "memory", "tape", "list"}, {"record", "--", "cat"},
                {"replay", "t1"}, {"providers", "list"}}) {
            Optional<Thread> thread = Warmup.start(args);
            assertThat(thread).as(String.join(" ", args)).isPresent();
            assertThat(thread.get().isDaemon()).isTrue();
            thread.get().join();
        }
    }

    @Test
    void helpTheVersionAndOtherCommandsGetNone() {
        for (String[] args : new String[][] {{}, {"--version"}, {"-V"}, {"tape", "--help"}, {"help", "record"},
                {"tape", "list", "-h"}, {"audit", "verify", "log"}, {"--", "tape"}}) {
            assertThat(Warmup.start(args)).as(String.join(" ", args)).isEmpty();
        }
    }
}
