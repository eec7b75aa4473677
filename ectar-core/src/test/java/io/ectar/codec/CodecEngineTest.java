package io.ectar.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The engines agree byte for byte with each other and with plain field arithmetic; engine selection. */
class CodecEngineTest {

    /** The definition: out[r][i] = sum over j of matrix[r][j] * in[j][i]. */
    private static byte[][] reference(byte[][] matrix, byte[][] in, int offset, int length) {
        byte[][] out = new byte[matrix.length][length];
        for (int r = 0; r < matrix.length; r++) {
            for (int i = 0; i < length; i++) {
                int sum = 0;
                for (int j = 0; j < in.length; j++) {
                    sum ^= Gf256.mul(matrix[r][j] & 0xFF, in[j][offset + i] & 0xFF);
                }
                out[r][i] = (byte) sum;
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "1,3,7", "2,1,31", "3,2,32", "5,4,33", "10,4,4096", "10,4,70001", "17,3,1000", "32,8,257",
        "255,1,100", "1,255,100", "256,256,65"})
    void bothEnginesComputeTheMatrixProductAtAnyOffsetAndLength(int k, int rows, int length) {
        Random random = new Random(k * 7919L + rows * 31L + length);
        byte[][] matrix = new byte[rows][k];
        for (byte[] row : matrix) {
            random.nextBytes(row);
        }
        matrix[0][0] = 0; // zero and one coefficients take special paths
        if (k > 1) {
            matrix[0][1] = 1;
        }
        int inOffset = random.nextInt(5);
        int outOffset = random.nextInt(5);
        byte[][] in = new byte[k][inOffset + length];
        for (byte[] share : in) {
            random.nextBytes(share);
        }
        byte[][] expected = reference(matrix, in, inOffset, length);
        for (CodecEngine engine : TestEngines.all()) {
            byte[][] out = new byte[rows][outOffset + length + 3];
            for (byte[] o : out) {
                random.nextBytes(o); // outputs are overwritten, not accumulated into
            }
            byte[][] before = new byte[rows][];
            for (int r = 0; r < rows; r++) {
                before[r] = out[r].clone();
            }
            engine.coder(matrix).code(in, inOffset, out, outOffset, length);
            for (int r = 0; r < rows; r++) {
                assertThat(java.util.Arrays.copyOfRange(out[r], outOffset, outOffset + length))
                        .as("%s row %d", engine, r).isEqualTo(expected[r]);
                // nothing outside the range is touched
                assertThat(java.util.Arrays.copyOfRange(out[r], 0, outOffset))
                        .isEqualTo(java.util.Arrays.copyOfRange(before[r], 0, outOffset));
                assertThat(java.util.Arrays.copyOfRange(out[r], outOffset + length, out[r].length))
                        .isEqualTo(java.util.Arrays.copyOfRange(before[r], outOffset + length, out[r].length));
            }
        }
    }

    /** Buffers holding {@code arrays}, direct or heap, each a slice starting {@code shift} bytes into a larger buffer. */
    private static Spans spans(byte[][] arrays, boolean direct, int shift) {
        java.nio.ByteBuffer[] buffers = new java.nio.ByteBuffer[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            int capacity = shift + arrays[i].length + 3;
            java.nio.ByteBuffer big = direct ? java.nio.ByteBuffer.allocateDirect(capacity)
                    : java.nio.ByteBuffer.allocate(capacity);
            big.put(shift, arrays[i]);
            buffers[i] = big.slice(shift, arrays[i].length);
        }
        return Spans.of(buffers);
    }

    private static byte[] range(Spans spans, int i, int from, int length) {
        byte[] b = new byte[length];
        spans.buffer(i).get(from, b);
        return b;
    }

    @ParameterizedTest
    @CsvSource({"true,true", "true,false", "false,true", "false,false"})
    void bothEnginesComputeTheProductOnDirectHeapAndMixedSlices(boolean directIn, boolean directOut) {
        for (int[] shape : new int[][] {{10, 4, 16384}, {3, 2, 70001}, {17, 5, 999}, {1, 1, 9}}) {
            int k = shape[0];
            int rows = shape[1];
            int length = shape[2];
            Random random = new Random(k * 31L + rows + length);
            byte[][] matrix = new byte[rows][k];
            for (byte[] row : matrix) {
                random.nextBytes(row);
            }
            int inOffset = 3;
            int outOffset = 5;
            byte[][] in = new byte[k][inOffset + length];
            for (byte[] share : in) {
                random.nextBytes(share);
            }
            byte[][] expected = reference(matrix, in, inOffset, length);
            for (CodecEngine engine : TestEngines.all()) {
                byte[][] noise = new byte[rows][outOffset + length + 2];
                for (byte[] o : noise) {
                    random.nextBytes(o);
                }
                Spans out = spans(noise, directOut, 7);
                engine.coder(matrix).code(spans(in, directIn, 2), inOffset, out, outOffset, length);
                for (int r = 0; r < rows; r++) {
                    assertThat(range(out, r, outOffset, length)).as("%s row %d", engine, r).isEqualTo(expected[r]);
                    assertThat(range(out, r, 0, outOffset)).isEqualTo(java.util.Arrays.copyOf(noise[r], outOffset));
                    assertThat(range(out, r, outOffset + length, 2))
                            .isEqualTo(java.util.Arrays.copyOfRange(noise[r], outOffset + length, noise[r].length));
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void aRangePastALimitIsRefusedBeforeAnyByteIsTouched(boolean direct) {
        byte[][] matrix = {{1, 2}, {3, 4}};
        Spans in = spans(new byte[2][100], direct, 0);
        Spans out = spans(new byte[2][100], direct, 0);
        for (CodecEngine engine : TestEngines.all()) {
            MatrixCoder coder = engine.coder(matrix);
            assertThatThrownBy(() -> coder.code(in, 1, out, 0, 100)).as("%s", engine)
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> coder.code(in, 0, out, 50, 51)).as("%s", engine)
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void spansRefuseMixedKindsAndReadOnlyHeapBuffers() {
        assertThatThrownBy(() -> Spans.of(java.nio.ByteBuffer.allocateDirect(4), java.nio.ByteBuffer.allocate(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("share buffers mix direct and heap memory; use one kind for all");
        assertThatThrownBy(() -> Spans.of(java.nio.ByteBuffer.allocate(4).asReadOnlyBuffer()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a heap share buffer is read-only; give writable buffers");
    }

    @Test
    void enginesAreFoundByName() {
        assertThat(CodecEngine.named("java").name()).isEqualTo("java");
        assertThat(CodecEngine.named(" ISAL ")).isSameAs(TestEngines.isal());
        assertThat(CodecEngine.available()).extracting(CodecEngine::name).containsExactly("java", "isal");
        assertThat(CodecEngine.isalUnavailableReason()).isEmpty();
        assertThatThrownBy(() -> CodecEngine.named("fast")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown codec engine 'fast'; use java or isal");
    }

    @Test
    void theAutomaticEngineIsChosenOnlyWhenArithmeticIsNeeded() throws Exception {
        String saved = System.getProperty(CodecEngine.SYSTEM_PROPERTY);
        try {
            byte[] payload = new byte[3 * 4096 + 17];
            new Random(7).nextBytes(payload);
            System.setProperty(CodecEngine.SYSTEM_PROPERTY, "java");
            assertThat(ZfecCodec.create(3, 5).engineChosen()).as("a forced engine is loaded at once").isTrue();
            System.clearProperty(CodecEngine.SYSTEM_PROPERTY);
            if (System.getenv(CodecEngine.ENVIRONMENT_VARIABLE) == null) {
                byte[][] shares = ZfecCodec.create(3, 5, CodecEngine.java()).encode(payload);
                ZfecCodec reader = ZfecCodec.create(3, 5);
                assertThat(reader.engineChosen()).isFalse();
                assertThat(reader.decode(List.of(shares[2], shares[0], shares[1], shares[4]))).isEqualTo(payload);
                assertThat(reader.engineChosen()).as("the data shares alone need no engine").isFalse();
                assertThat(reader.toString()).contains("engine=not chosen yet");
                assertThat(reader.decode(List.of(shares[0], shares[3], shares[2]))).isEqualTo(payload);
                assertThat(reader.engineChosen()).as("rebuilding share 1 needs one").isTrue();
                assertThat(reader.engineName()).isEqualTo(CodecEngine.automatic().name());
                ZfecCodec writer = ZfecCodec.create(3, 5);
                assertThat(writer.encode(payload)).isEqualTo(shares);
                assertThat(writer.engineChosen()).isTrue();
                ZfecCodec noParity = ZfecCodec.create(3, 3);
                assertThat(noParity.encode(payload)).hasDimensions(3, shares[0].length);
                assertThat(noParity.engineChosen()).as("m = k has no parity to compute").isFalse();
            }
        } finally {
            if (saved == null) {
                System.clearProperty(CodecEngine.SYSTEM_PROPERTY);
            } else {
                System.setProperty(CodecEngine.SYSTEM_PROPERTY, saved);
            }
        }
    }

    @Test
    void automaticPrefersIsalAndHonoursTheOverride() {
        String saved = System.getProperty(CodecEngine.SYSTEM_PROPERTY);
        try {
            System.clearProperty(CodecEngine.SYSTEM_PROPERTY);
            if (System.getenv(CodecEngine.ENVIRONMENT_VARIABLE) == null) {
                assertThat(CodecEngine.automatic().name()).isEqualTo("isal");
                assertThat(ZfecCodec.create(2, 3).engineName()).isEqualTo("isal");
            }
            System.setProperty(CodecEngine.SYSTEM_PROPERTY, "java");
            assertThat(CodecEngine.automatic().name()).isEqualTo("java");
            assertThat(ZfecCodec.create(2, 3).engineName()).isEqualTo("java");
            System.setProperty(CodecEngine.SYSTEM_PROPERTY, "isal");
            assertThat(CodecEngine.automatic().name()).isEqualTo("isal");
            System.setProperty(CodecEngine.SYSTEM_PROPERTY, "gpu");
            assertThatThrownBy(CodecEngine::automatic).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("-Dectar.codec=gpu: unknown codec engine 'gpu'; use java or isal");
        } finally {
            if (saved == null) {
                System.clearProperty(CodecEngine.SYSTEM_PROPERTY);
            } else {
                System.setProperty(CodecEngine.SYSTEM_PROPERTY, saved);
            }
        }
    }
}
