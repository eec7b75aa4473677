package io.ectar.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Encoding and decoding round trips over shapes, payload sizes, share subsets and both engines. */
class ZfecCodecRoundTripTest {

    static Stream<CodecEngine> engines() {
        return TestEngines.all().stream();
    }

    static byte[] randomBytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The payload sizes the issue names, for one k. */
    static int[] edgeSizes(int k) {
        return new int[] {0, 1, k - 1, k, k * ZfecCodec.BLOCK, k * ZfecCodec.BLOCK + 1};
    }

    @ParameterizedTest
    @MethodSource("engines")
    void everyKSubsetDecodesForEveryShapeUpToEightShares(CodecEngine engine) throws Exception {
        int checked = 0;
        for (int m = 1; m <= 8; m++) {
            for (int k = 1; k <= m; k++) {
                ZfecCodec codec = ZfecCodec.create(k, m, engine);
                List<List<Integer>> subsets = Subsets.of(m, k);
                for (int size : edgeSizes(k)) {
                    byte[] payload = randomBytes(size, 31L * m + k + size);
                    byte[][] files = codec.encode(payload);
                    assertThat(files).hasNumberOfRows(m);
                    for (byte[] file : files) {
                        assertThat(file).hasSize((int) codec.shareFileLength(size));
                    }
                    for (int i = 0; i < k; i++) {
                        assertThat(ShareHeader.parse(files[i]).shareNumber()).isEqualTo(i);
                    }
                    for (List<Integer> subset : subsets) {
                        List<byte[]> chosen = new ArrayList<>();
                        // reverse order too: decoding must not depend on the order of the list
                        for (int i = subset.size() - 1; i >= 0; i--) {
                            chosen.add(files[subset.get(i)]);
                        }
                        assertThat(codec.decode(chosen)).as("k=%d m=%d size=%d subset=%s", k, m, size, subset)
                                .isEqualTo(payload);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(6 * 502);
    }

    static Stream<Arguments> largeShapes() {
        return Stream.of(Arguments.of(10, 14), Arguments.of(16, 20), Arguments.of(32, 40), Arguments.of(1, 256),
                Arguments.of(100, 150), Arguments.of(128, 256), Arguments.of(200, 255), Arguments.of(255, 256),
                Arguments.of(256, 256));
    }

    @ParameterizedTest
    @MethodSource("largeShapes")
    void seededRandomSubsetsDecodeForLargeShapes(int k, int m) throws Exception {
        Random random = new Random(k * 1000L + m);
        for (CodecEngine engine : TestEngines.all()) {
            ZfecCodec codec = ZfecCodec.create(k, m, engine);
            for (int size : new int[] {k - 1, k * ZfecCodec.BLOCK + 1, random.nextInt(3 * k * ZfecCodec.BLOCK)}) {
                byte[] payload = randomBytes(size, random.nextLong());
                byte[][] files = codec.encode(payload);
                for (int trial = 0; trial < 3; trial++) {
                    List<Integer> subset = Subsets.random(m, k, random);
                    List<byte[]> chosen = new ArrayList<>();
                    subset.forEach(i -> chosen.add(files[i]));
                    assertThat(codec.decode(chosen)).as("%s size=%d subset=%s", codec, size, subset)
                            .isEqualTo(payload);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void severalMebibytesRoundTripInMemoryAndStreaming(CodecEngine engine) throws Exception {
        int k = 10;
        int m = 14;
        ZfecCodec codec = ZfecCodec.create(k, m, engine);
        byte[] payload = randomBytes(13 * 1024 * 1024 + 12345, 7);
        byte[][] files = codec.encode(payload);

        List<ByteArrayOutputStream> streams = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            streams.add(new ByteArrayOutputStream());
        }
        codec.encode(new ByteArrayInputStream(payload), payload.length, streams);
        for (int i = 0; i < m; i++) {
            assertThat(streams.get(i).toByteArray()).as("streamed share %d", i).isEqualTo(files[i]);
        }

        // lose data shares 0, 3, 5 and 9: four parity shares stand in
        List<Integer> survivors = List.of(13, 1, 2, 4, 12, 6, 7, 8, 11, 10);
        List<byte[]> chosen = new ArrayList<>();
        List<InputStream> inputs = new ArrayList<>();
        for (int i : survivors) {
            chosen.add(files[i]);
            inputs.add(new ByteArrayInputStream(files[i]));
        }
        assertThat(codec.decode(chosen)).isEqualTo(payload);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        assertThat(codec.decode(inputs, decoded)).isEqualTo(payload.length);
        assertThat(decoded.toByteArray()).isEqualTo(payload);
    }

    static Stream<Arguments> streamingShapes() {
        // k=3: one streaming-decode batch holds 341 stripes, 4,190,208 payload bytes; sizes around it put
        // the padding at, before and after a batch boundary.
        int batch = 341 * 3 * ZfecCodec.BLOCK;
        return Stream.of(Arguments.of(3, 5, 0), Arguments.of(3, 5, 1), Arguments.of(3, 5, 2),
                Arguments.of(3, 5, batch - 2), Arguments.of(3, 5, batch), Arguments.of(3, 5, batch + 1),
                Arguments.of(1, 2, 5000), Arguments.of(7, 7, 70000), Arguments.of(4, 6, 4 * ZfecCodec.BLOCK));
    }

    @ParameterizedTest
    @MethodSource("streamingShapes")
    void streamingMatchesInMemory(int k, int m, int size) throws Exception {
        ZfecCodec codec = ZfecCodec.create(k, m, CodecEngine.java());
        byte[] payload = randomBytes(size, size);
        byte[][] files = codec.encode(payload);
        List<ByteArrayOutputStream> streams = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            streams.add(new ByteArrayOutputStream());
        }
        codec.encode(new ByteArrayInputStream(payload), size, streams);
        for (int i = 0; i < m; i++) {
            assertThat(streams.get(i).toByteArray()).as("share %d", i).isEqualTo(files[i]);
        }
        List<InputStream> inputs = new ArrayList<>();
        for (int i = m - 1; i >= m - k; i--) {
            inputs.add(new ByteArrayInputStream(files[i]));
        }
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        assertThat(codec.decode(inputs, decoded)).isEqualTo(size);
        assertThat(decoded.toByteArray()).isEqualTo(payload);
    }

    static Stream<Arguments> arrayShapes() {
        // k=3, m=5: one streaming-encode batch is 409 stripes (8 MiB of shares over 5 shares).
        int batch = 409 * 3 * ZfecCodec.BLOCK;
        return Stream.of(Arguments.of(3, 5, 0, 1), Arguments.of(3, 5, 1, 4), Arguments.of(3, 5, batch - 1, 4),
                Arguments.of(3, 5, batch, 1), Arguments.of(3, 5, 2 * batch + 3, 4), Arguments.of(2, 3, 700_001, 2),
                Arguments.of(10, 15, 5_000_000, 2));
    }

    @ParameterizedTest
    @MethodSource("arrayShapes")
    void encodingFromASliceOfAnArrayMatchesInMemory(int k, int m, int size, int threads) throws Exception {
        ZfecCodec codec = ZfecCodec.create(k, m, CodecEngine.java()).withThreads(threads);
        byte[] payload = randomBytes(size, size + 1);
        byte[] surrounded = new byte[size + 100];
        System.arraycopy(payload, 0, surrounded, 37, size);
        byte[][] files = codec.encode(payload);
        List<ByteArrayOutputStream> streams = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            streams.add(new ByteArrayOutputStream());
        }
        codec.encode(surrounded, 37, size, streams);
        for (int i = 0; i < m; i++) {
            assertThat(streams.get(i).toByteArray()).as("share %d", i).isEqualTo(files[i]);
        }
    }

    @Test
    void aShareStreamFailingDuringAParallelEncodeFailsTheEncodeWithItsError() {
        ZfecCodec codec = ZfecCodec.create(4, 6, CodecEngine.java()).withThreads(2);
        List<OutputStream> streams = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int share = i;
            streams.add(new OutputStream() {
                long written;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    written += len;
                    if (share == 4 && written > 100_000) {
                        throw new IOException("share 4: device full");
                    }
                }
            });
        }
        byte[] payload = randomBytes(20_000_000, 5);
        assertThatThrownBy(() -> codec.encode(payload, 0, payload.length, streams))
                .isInstanceOf(IOException.class).hasMessage("share 4: device full");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void singleThreadedGivesTheSameBytes(CodecEngine engine) throws IOException {
        ZfecCodec parallel = ZfecCodec.create(10, 14, engine).withThreads(4);
        ZfecCodec single = parallel.withThreads(1);
        byte[] payload = randomBytes(3 * 1024 * 1024 + 77, 99);
        byte[][] a = parallel.encode(payload);
        byte[][] b = single.encode(payload);
        for (int i = 0; i < 14; i++) {
            assertThat(a[i]).isEqualTo(b[i]);
        }
        assertThat(single.decode(List.of(a).subList(4, 14))).isEqualTo(payload);
    }
}
