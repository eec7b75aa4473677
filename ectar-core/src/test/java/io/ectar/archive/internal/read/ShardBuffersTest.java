package io.ectar.archive.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The shard buffer pool: reuse, growth and its bound. */
class ShardBuffersTest {

    @Test
    void givenBackSetsAreReusedAndGrowOnlyWhenTooSmall() {
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
    void atMostKeepSetsAreKept() {
        ShardBuffers pool = new ShardBuffers(2);
        byte[][] a = pool.take(2, 10);
        byte[][] b = pool.take(2, 10);
        byte[][] c = pool.take(2, 10);
        pool.give(a);
        pool.give(b);
        pool.give(c); // over the bound: dropped
        byte[][] x = pool.take(2, 10);
        byte[][] y = pool.take(2, 10);
        byte[][] z = pool.take(2, 10);
        // identities, not contents: every set here holds zeros
        assertThat(x == a && y == b || x == b && y == a).as("the two kept sets come back").isTrue();
        assertThat(z != a && z != b && z != c).as("the third is new").isTrue();
    }
}
