package io.ectar.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Payloads read in place from their data shares, and from whole arrays. */
class PayloadBytesTest {

    private static final int BLOCK = ZfecCodec.BLOCK;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void theDataSharesReadInPlaceAreThePayload(long seed) throws Exception {
        Random random = new Random(seed);
        for (int round = 0; round < 12; round++) {
            int k = 1 + random.nextInt(12);
            int m = k + random.nextInt(5);
            int[] sizes = {0, 1, k - 1, k, k * BLOCK, k * BLOCK + 1, k * BLOCK * 3 - 1, random.nextInt(k * BLOCK * 5)};
            int size = sizes[random.nextInt(sizes.length)];
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            ZfecCodec codec = ZfecCodec.create(k, m, CodecEngine.java());
            byte[][] files = codec.encode(payload);
            List<byte[]> given = new ArrayList<>(Arrays.asList(files).subList(0, k));
            if (random.nextBoolean()) {
                given.addAll(Arrays.asList(files).subList(k, m)); // parity shares too: the data ones are chosen
            }
            Collections.shuffle(given, random);
            PayloadBytes view = codec.dataShares(given).orElseThrow();
            String shape = "k=" + k + " m=" + m + " size=" + size;
            assertThat(view.length()).as(shape).isEqualTo(size);
            assertThat(runs(view)).as(shape).isEqualTo(payload);
            assertThat(readInOddSteps(view.open(), random)).as(shape).isEqualTo(payload);
            assertThat(codec.decode(given)).as(shape).isEqualTo(payload);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void withoutEveryDataShareThereIsNoViewButDecodingStillWorks(int missing) throws Exception {
        byte[] payload = new byte[3 * BLOCK * 2 + 77];
        new Random(missing).nextBytes(payload);
        ZfecCodec codec = ZfecCodec.create(3, 5, CodecEngine.java());
        byte[][] files = codec.encode(payload);
        List<byte[]> given = new ArrayList<>(Arrays.asList(files));
        given.remove(missing);
        if (missing == 0) {
            given.remove(given.size() - 1); // exactly k shares, one of them parity
        }
        assertThat(codec.dataShares(given)).isEqualTo(Optional.empty());
        assertThat(codec.decode(given)).isEqualTo(payload);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void badShareFilesAreRefusedAsDecodingRefusesThem(int damage) throws Exception {
        ZfecCodec codec = ZfecCodec.create(3, 5, CodecEngine.java());
        byte[][] files = codec.encode(new byte[50_000]);
        List<byte[]> given = new ArrayList<>(Arrays.asList(files).subList(0, 3));
        if (damage == 1) {
            given.set(1, Arrays.copyOf(given.get(1), given.get(1).length - 1));
            assertThatThrownBy(() -> codec.dataShares(given)).isInstanceOf(ShareFileException.class)
                    .hasMessageContaining("truncated");
        } else {
            given.set(2, given.get(0));
            assertThatThrownBy(() -> codec.dataShares(given)).isInstanceOf(ShareFileException.class)
                    .hasMessageContaining("repeats");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4096, 100_000})
    void aWholeArrayIsOneRun(int size) throws IOException {
        byte[] payload = new byte[size];
        new Random(size).nextBytes(payload);
        PayloadBytes whole = PayloadBytes.of(payload);
        List<Integer> lengths = new ArrayList<>();
        whole.forEachRun((a, off, len) -> lengths.add(len));
        assertThat(lengths).isEqualTo(size == 0 ? List.of() : List.of(size));
        assertThat(whole.length()).isEqualTo(size);
        assertThat(whole.open().readAllBytes()).isEqualTo(payload);
    }

    private static byte[] runs(PayloadBytes view) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        view.forEachRun((array, offset, length) -> {
            assertThat(length).isPositive();
            out.write(array, offset, length);
        });
        return out.toByteArray();
    }

    private static byte[] readInOddSteps(InputStream in, Random random) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[3 * BLOCK];
        while (true) {
            if (random.nextInt(8) == 0) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                out.write(b);
            } else {
                int n = in.read(buffer, 0, 1 + random.nextInt(buffer.length));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }
}
