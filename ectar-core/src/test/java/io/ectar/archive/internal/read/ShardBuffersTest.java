package io.ectar.archive.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The shard buffer pool: reuse, growth and its bound. */
class ShardBuffersTest {

    @Test
    void givenBackSetsAreReusedAndGrowOnlyWhenTooSmall() throws Exception {
        ShardBuffers pool = new ShardBuffers(2);
        byte[][] first = pool.take(3, 100);
        assertThat(first).hasNumberOfRows(3);
        for (byte[] a : first) {
            assertThat(a).hasSize(100);
        }
        pool.give(first);
        byte[][] again = pool.take(3, 80);
        assertThat(again).isSameAs(first);
        assertThat(again[0]).isSameAs(first[0]).hasSize(100);
        pool.give(again);
        byte[][] bigger = pool.take(3, 150);
        for (byte[] a : bigger) {
            assertThat(a).hasSizeGreaterThanOrEqualTo(150);
        }
        pool.give(bigger);
        assertThat(pool.take(5, 10)).hasNumberOfRows(5); // another k: a new set
    }

    @Test
    void takingWaitsWhileTheLimitIsOutAndGoesOnWhenOneComesBack() throws Exception {
        ShardBuffers pool = new ShardBuffers(2);
        byte[][] a = pool.take(2, 10);
        pool.take(2, 10);
        byte[][][] third = new byte[1][][];
        Thread reader = new Thread(() -> {
            try {
                third[0] = pool.take(2, 10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        while (reader.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        assertThat(third[0]).as("nothing while two sets are out").isNull();
        pool.give(a);
        reader.join();
        assertThat(third[0]).as("the set given back").isSameAs(a);
    }

    @Test
    void waitingForASetEndsWhenInterrupted() throws Exception {
        ShardBuffers pool = new ShardBuffers(1);
        pool.take(1, 10);
        Thread.currentThread().interrupt();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.take(1, 10))
                .isInstanceOf(InterruptedException.class);
    }
}
