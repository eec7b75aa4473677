package io.ectar.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The hand-off: order, the capacity bound, failures and ends from either side, interrupts. */
class HandoffTest {

    /** Runs {@code body} on a thread of its own; the future completes with what it threw, if anything. */
    private static Thread start(AtomicReference<Throwable> thrown, ThrowingRunnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        return t;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Waits until {@code t} is parked (blocked on the hand-off's condition). */
    private static void awaitBlocked(Thread t) {
        while (t.getState() != Thread.State.WAITING) {
            assertThat(t.isAlive()).as("thread still running").isTrue();
            Thread.onSpinWait();
        }
    }

    @Test
    void itemsArriveInOrderThenEmptyAfterFinish() throws Exception {
        Handoff<Integer> h = new Handoff<>(2);
        CompletableFuture<List<Integer>> got = CompletableFuture.supplyAsync(() -> {
            List<Integer> out = new ArrayList<>();
            try {
                for (Optional<Integer> i = h.take(); i.isPresent(); i = h.take()) {
                    out.add(i.get());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return out;
        });
        for (int i = 0; i < 100; i++) {
            h.put(i);
        }
        h.finish();
        assertThat(got.get()).hasSize(100).isSorted().startsWith(0, 1).endsWith(99);
        assertThat(h.take()).isEmpty();
    }

    @Test
    void putBlocksAtCapacityUntilATake() throws Exception {
        Handoff<String> h = new Handoff<>(2);
        h.put("a");
        h.put("b");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread producer = start(thrown, () -> h.put("c"));
        awaitBlocked(producer);
        assertThat(h.take()).contains("a");
        producer.join();
        assertThat(thrown.get()).isNull();
        assertThat(h.take()).contains("b");
        assertThat(h.take()).contains("c");
    }

    @Test
    void producerFailureComesAfterTheItemsPutBeforeIt() throws Exception {
        Handoff<String> h = new Handoff<>(4);
        h.put("a");
        h.producerFailed(new IOException("disk gone"));
        assertThat(h.take()).contains("a");
        assertThatThrownBy(h::take).isInstanceOf(IOException.class).hasMessage("disk gone");
        assertThatThrownBy(h::take).hasMessage("disk gone");
    }

    @Test
    void producerFailureWakesABlockedTake() throws Exception {
        Handoff<String> h = new Handoff<>(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread consumer = start(thrown, h::take);
        awaitBlocked(consumer);
        h.producerFailed(new IllegalStateException("bug"));
        consumer.join();
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessage("bug");
    }

    @Test
    void checkedNonIoFailureIsWrapped() throws Exception {
        Handoff<String> h = new Handoff<>(1);
        Exception cause = new Exception("odd");
        h.producerFailed(cause);
        assertThatThrownBy(h::take).isInstanceOf(IOException.class).hasCause(cause);
    }

    @Test
    void finishWakesABlockedTake() throws Exception {
        Handoff<String> h = new Handoff<>(1);
        CompletableFuture<Optional<String>> got = new CompletableFuture<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread consumer = start(thrown, () -> got.complete(h.take()));
        awaitBlocked(consumer);
        h.finish();
        consumer.join();
        assertThat(thrown.get()).isNull();
        assertThat(got.get()).isEmpty();
    }

    @Test
    void consumerFailureWakesABlockedPutAndDropsTheItems() throws Exception {
        Handoff<String> h = new Handoff<>(1);
        h.put("a");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread producer = start(thrown, () -> h.put("b"));
        awaitBlocked(producer);
        h.consumerFailed(new IOException("sink full"));
        producer.join();
        assertThat(thrown.get()).isInstanceOf(IOException.class).hasMessage("sink full");
        assertThatThrownBy(() -> h.put("c")).hasMessage("sink full");
        assertThatThrownBy(h::checkConsumer).hasMessage("sink full");
    }

    @Test
    void firstFailureWins() throws Exception {
        Handoff<String> h = new Handoff<>(1);
        h.consumerFailed(new IOException("first"));
        h.consumerFailed(new IOException("second"));
        assertThatThrownBy(() -> h.put("a")).hasMessage("first");
        h.producerFailed(new IOException("one"));
        h.producerFailed(new IOException("two"));
        assertThatThrownBy(h::take).isInstanceOf(Handoff.ClosedException.class);
    }

    @Test
    void closeWakesABlockedPutWithClosedException() throws Exception {
        Handoff<String> h = new Handoff<>(1);
        h.put("a");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread producer = start(thrown, () -> h.put("b"));
        awaitBlocked(producer);
        h.close();
        producer.join();
        assertThat(thrown.get()).isInstanceOf(Handoff.ClosedException.class);
        assertThatThrownBy(h::take).isInstanceOf(Handoff.ClosedException.class);
        h.checkConsumer(); // a close is no failure
    }

    @Test
    void closeWakesABlockedTake() throws Exception {
        Handoff<String> h = new Handoff<>(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread consumer = start(thrown, h::take);
        awaitBlocked(consumer);
        h.close();
        consumer.join();
        assertThat(thrown.get()).isInstanceOf(Handoff.ClosedException.class);
    }

    @Test
    void interruptEndsABlockedPutAndTake() throws Exception {
        Handoff<String> full = new Handoff<>(1);
        full.put("a");
        AtomicReference<Throwable> putThrew = new AtomicReference<>();
        Thread producer = start(putThrew, () -> full.put("b"));
        Handoff<String> empty = new Handoff<>(1);
        AtomicReference<Throwable> takeThrew = new AtomicReference<>();
        Thread consumer = start(takeThrew, empty::take);
        awaitBlocked(producer);
        awaitBlocked(consumer);
        producer.interrupt();
        consumer.interrupt();
        producer.join();
        consumer.join();
        assertThat(putThrew.get()).isInstanceOf(InterruptedException.class);
        assertThat(takeThrew.get()).isInstanceOf(InterruptedException.class);
        assertThat(full.take()).contains("a");
    }

    @Test
    void putAfterFinishIsAMistake() throws Exception {
        Handoff<String> h = new Handoff<>(1);
        h.finish();
        assertThatThrownBy(() -> h.put("a")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Handoff<String>(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void capacityIsNeverExceeded() throws Exception {
        Handoff<Integer> h = new Handoff<>(3);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread producer = start(thrown, () -> {
            for (int i = 0; i < 10; i++) {
                h.put(i);
            }
            h.finish();
        });
        awaitBlocked(producer); // three in, the fourth waits
        List<Integer> got = new ArrayList<>();
        for (Optional<Integer> i = h.take(); i.isPresent(); i = h.take()) {
            got.add(i.get());
        }
        producer.join();
        assertThat(thrown.get()).isNull();
        assertThat(got).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

}
