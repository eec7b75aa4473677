package io.ectar.archive.internal.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ectar.internal.io.Sha256;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Payloads in pool segments: growing without copies, patched in place, read once and given back. */
class SegmentedPayloadTest {

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void bytesAppendedAcrossSegmentsReadBackInOrderWithTheirHash() throws Exception {
        SegmentPool pool = new SegmentPool(100, 10);
        SegmentedPayload p = new SegmentedPayload(pool);
        long at = p.reserve(7);
        byte[] data = random(650);
        p.append(ByteBuffer.wrap(data, 0, 333));
        p.append(ByteBuffer.wrap(data, 333, 317));
        p.put(at, (byte) 42);
        p.putInFirstSegment(1, new byte[] {1, 2});
        assertThat(p.length()).isEqualTo(657);
        assertThat(pool.made()).isEqualTo(7);

        byte[] expected = new byte[657];
        expected[0] = 42;
        expected[1] = 1;
        expected[2] = 2;
        System.arraycopy(data, 0, expected, 7, 650);
        assertThat(p.toByteArray()).isEqualTo(expected);
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = p.open(digest)) {
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
        assertThat(Sha256.hex(digest)).isEqualTo(Sha256.of(expected));
        assertThatThrownBy(() -> p.open(Sha256.newDigest())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readingGivesEachSegmentBackOnceItIsPassed() throws Exception {
        SegmentPool pool = new SegmentPool(100, 3);
        SegmentedPayload first = new SegmentedPayload(pool);
        first.append(ByteBuffer.wrap(random(300)));
        try (InputStream in = first.open(Sha256.newDigest())) {
            assertThat(in.readNBytes(150)).hasSize(150); // past segment 0: it is free again
            SegmentedPayload next = new SegmentedPayload(pool);
            next.append(ByteBuffer.wrap(random(100))); // would wait for ever if it were not
            assertThat(pool.made()).isEqualTo(3);
            next.release();
        }
        first.release(); // segments 1 and 2 are back: three free
        SegmentedPayload again = new SegmentedPayload(pool);
        again.append(ByteBuffer.wrap(random(300)));
        assertThat(pool.made()).isEqualTo(3);
    }

    @Test
    void aFullPoolMakesTheCompressorWaitUntilASegmentComesBack() throws Exception {
        SegmentPool pool = new SegmentPool(10, 2);
        SegmentedPayload held = new SegmentedPayload(pool);
        held.append(ByteBuffer.wrap(random(20)));
        CountDownLatch appended = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            try {
                new SegmentedPayload(pool).append(ByteBuffer.wrap(random(5)));
                appended.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        other.start();
        while (other.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        assertThat(appended.getCount()).isEqualTo(1);
        held.release();
        other.join();
        assertThat(appended.getCount()).isZero();
        assertThat(pool.made()).isEqualTo(2);
    }

    @Test
    void aPayloadLargerThanThePoolGetsNewSegmentsInsteadOfWaitingForItself() throws Exception {
        SegmentPool pool = new SegmentPool(10, 2);
        SegmentedPayload big = new SegmentedPayload(pool);
        big.append(ByteBuffer.wrap(random(55)));
        assertThat(pool.made()).isEqualTo(6);
        assertThat(big.toByteArray()).isEqualTo(random(55));
    }

    @Test
    void waitingForASegmentEndsWhenInterrupted() throws Exception {
        SegmentPool pool = new SegmentPool(10, 1);
        new SegmentedPayload(pool).append(ByteBuffer.wrap(random(10)));
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> new SegmentedPayload(pool).append(ByteBuffer.wrap(random(1))))
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    void aPoolSizedForPayloadsHoldsOneWholePayloadPlusTheSlack() {
        assertThat(SegmentPool.forPayloads(1000, 100, 8).made()).isZero();
        SegmentPool pool = SegmentPool.forPayloads(1001, 100, 8);
        assertThat(pool.segmentSize()).isEqualTo(100);
    }

    @Test
    void writingInPlaceFillsTheTailSegmentBySegment() throws Exception {
        SegmentPool pool = new SegmentPool(100, 10);
        SegmentedPayload p = new SegmentedPayload(pool);
        p.reserve(30);
        ByteBuffer tail = p.tail();
        assertThat(tail.remaining()).isEqualTo(70);
        tail.put(random(70));
        p.advance(70);
        ByteBuffer next = p.tail(); // the first is full: a new segment
        assertThat(next.remaining()).isEqualTo(100);
        next.put((byte) 9);
        p.advance(1);
        assertThat(p.length()).isEqualTo(101);
        byte[] all = p.toByteArray();
        assertThat(java.util.Arrays.copyOfRange(all, 30, 100)).isEqualTo(random(70));
        assertThat(all[100]).isEqualTo((byte) 9);
        assertThatThrownBy(() -> p.advance(100)).isInstanceOf(IllegalArgumentException.class);
    }
}
