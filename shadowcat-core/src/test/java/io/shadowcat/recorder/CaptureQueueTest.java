package io.shadowcat.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.tape.Direction;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang fails, however loaded the machine
class CaptureQueueTest {

    private static CapturedLine line(int n) {
        return new CapturedLine(Direction.CLIENT_TO_SERVER, ("line " + n).getBytes(), System.nanoTime());
    }

    private static void awaitRelayWaiting(CaptureQueue queue) {
        while (!queue.relayWaiting()) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aLineIsQueuedOnlyOnceEveryOlderLineIsSettled() throws Exception {
        // a zero window: nothing may be relayed while an earlier line is not yet durable
        CaptureQueue queue = new CaptureQueue(100, 1 << 20, Optional.of(Duration.ZERO), Duration.ofSeconds(60));
        queue.offer(line(1));
        assertThat(queue.take(0)).isNotNull(); // taken, not yet settled

        CompletableFuture<Void> relay = CompletableFuture.runAsync(() -> queue.offer(line(2)));
        awaitRelayWaiting(queue);
        assertThat(relay).isNotDone();
        assertThat(queue.pending()).isZero();

        queue.settleTaken(); // a sync begins
        queue.settled(); // ... and is done
        relay.get(30, TimeUnit.SECONDS);
        assertThat(queue.pending()).isEqualTo(1);
        assertThat(queue.dropped()).isZero();
        assertThat(queue.waits().count()).isEqualTo(1);
    }

    @Test
    void pastTheWaitLimitLinesAreDroppedWithoutWaitingAgainUntilTheRecorderCaughtUp() throws Exception {
        CaptureQueue queue = new CaptureQueue(100, 1 << 20, Optional.of(Duration.ZERO), Duration.ofMillis(1));
        queue.offer(line(1));
        queue.take(0);

        queue.offer(line(2)); // waits 1 ms for a recorder that does not settle, then drops
        queue.offer(line(3)); // dropped at once: one stuck storage costs the session one wait
        assertThat(queue.dropped()).isEqualTo(2);
        assertThat(queue.waits().count()).isEqualTo(1);

        queue.settleTaken();
        queue.settled();
        queue.offer(line(4));
        assertThat(queue.pending()).isEqualTo(1);
        assertThat(queue.dropped()).isEqualTo(2);
    }

    @Test
    void aSyncSettlesOnlyTheLinesTakenBeforeItBegan() throws Exception {
        CaptureQueue queue = new CaptureQueue(100, 1 << 20, Optional.of(Duration.ZERO), Duration.ofMillis(1));
        queue.offer(line(1));
        queue.take(0);
        queue.settleTaken(); // a sync of line 1 begins
        queue.settled();
        queue.offer(line(2));
        queue.take(0); // taken after that sync began: not settled by it

        queue.settleTaken(); // the next sync begins
        queue.offer(line(3)); // line 2 is not durable yet: waits 1 ms, dropped
        assertThat(queue.dropped()).isEqualTo(1);
        queue.settled();
        queue.offer(line(4));
        assertThat(queue.pending()).isEqualTo(1);
        assertThat(queue.dropped()).isEqualTo(1);
    }

    @Test
    void aFullQueueMakesTheRelayWaitUntilTheRecorderTakesALine() throws Exception {
        CaptureQueue queue = new CaptureQueue(2, 1 << 20, Optional.of(Duration.ofHours(1)), Duration.ofSeconds(60));
        queue.offer(line(1));
        queue.offer(line(2));

        CompletableFuture<Void> relay = CompletableFuture.runAsync(() -> queue.offer(line(3)));
        awaitRelayWaiting(queue);
        assertThat(queue.take(0)).isNotNull();
        relay.get(30, TimeUnit.SECONDS);
        assertThat(queue.pending()).isEqualTo(2);
        assertThat(queue.dropped()).isZero();
    }

    @Test
    void withoutAWindowTheRelayNeverWaits() throws Exception {
        CaptureQueue queue = new CaptureQueue(2, 1 << 20, Optional.empty(), Duration.ofSeconds(60));
        queue.offer(line(1));
        queue.take(0); // never settled: without a window nothing waits for it
        queue.offer(line(2));
        queue.offer(line(3));
        queue.offer(line(4)); // full: dropped at once

        assertThat(queue.pending()).isEqualTo(2);
        assertThat(queue.dropped()).isEqualTo(1);
        assertThat(queue.waits().count()).isZero();
    }

    @Test
    void aRelayThatMayNotWaitQueuesBehindTheWindowAndDropsOnlyWhenTheQueueIsFull() throws Exception {
        // a zero window and a line taken but never settled: a waiting relay would wait here
        CaptureQueue queue = new CaptureQueue(3, 1 << 20, Optional.of(Duration.ZERO), Duration.ofMinutes(10),
                RelayPolicy.NEVER_WAIT);
        queue.offer(line(1));
        queue.take(0);
        queue.offer(line(2));
        queue.offer(line(3));
        queue.offer(line(4));
        queue.offer(line(5)); // full: dropped at once
        queue.offer(line(6));
        assertThat(queue.pending()).isEqualTo(3);
        assertThat(queue.dropped()).isEqualTo(2);
        assertThat(queue.waits().count()).isZero();
        assertThat(queue.relayWaiting()).isFalse();

        assertThat(new String(queue.take(0).bytes())).isEqualTo("line 2"); // in order, the dropped ones missing
        queue.offer(line(7)); // room again
        assertThat(queue.pending()).isEqualTo(3);
        assertThat(queue.dropped()).isEqualTo(2);
    }
}
