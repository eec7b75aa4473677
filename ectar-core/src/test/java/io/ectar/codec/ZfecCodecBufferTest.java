package io.ectar.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ByteBuffer encode and decode: same bytes as the array API and stock zfec, direct and heap, slices, errors. */
class ZfecCodecBufferTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Direct or heap buffers. */
    enum Kind {
        DIRECT, HEAP;

        ByteBuffer allocate(int capacity) {
            return this == DIRECT ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        }

        ByteBuffer of(byte[] bytes) {
            return allocate(bytes.length).put(bytes).flip();
        }
    }

    static Stream<Arguments> enginesAndKinds() {
        return TestEngines.all().stream().flatMap(e -> Stream.of(Kind.values()).map(kind -> Arguments.of(e, kind)));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.get(buffer.position(), b);
        return b;
    }

    private static List<ByteBuffer> shareBuffers(ZfecCodec codec, Kind kind, int payloadLength) {
        List<ByteBuffer> files = new ArrayList<>();
        for (int i = 0; i < codec.m(); i++) {
            files.add(kind.allocate((int) codec.shareFileLength(payloadLength)));
        }
        return files;
    }

    @ParameterizedTest
    @MethodSource("enginesAndKinds")
    void shareFilesMatchStockZfecAndEveryKSubsetDecodes(CodecEngine engine, Kind kind) throws Exception {
        JsonNode vectors = ZfecVectorsTest.VECTORS.get("zfec_share_files");
        assertThat(vectors.size()).isEqualTo(3);
        for (JsonNode f : vectors) {
            int k = f.get("k").asInt();
            int m = f.get("m").asInt();
            byte[] payload = ZfecVectorsTest.input(f.get("input_len").asInt());
            ZfecCodec codec = ZfecCodec.create(k, m, engine);
            List<ByteBuffer> files = shareBuffers(codec, kind, payload.length);
            codec.encode(kind.of(payload), files);
            List<ByteBuffer> stock = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                ByteBuffer file = files.get(i).flip();
                assertThat(HEX.formatHex(bytes(file))).as("%s k=%d m=%d share file %d", kind, k, m, i)
                        .isEqualTo(f.get("shares_hex").get(i).asText());
                stock.add(kind.of(HEX.parseHex(f.get("shares_hex").get(i).asText())));
            }
            for (List<Integer> subset : Subsets.of(m, k)) {
                List<ByteBuffer> chosen = new ArrayList<>();
                subset.forEach(i -> chosen.add(stock.get(i)));
                ByteBuffer out = kind.allocate(payload.length);
                assertThat(codec.decode(chosen, out)).isEqualTo(payload.length);
                assertThat(bytes(out.flip())).as("%s k=%d m=%d subset %s", kind, k, m, subset).isEqualTo(payload);
            }
        }
    }

    static Stream<Arguments> codesAndSizes() {
        List<Arguments> all = new ArrayList<>();
        int[][] codes = {{1, 1}, {1, 3}, {3, 5}, {10, 14}, {16, 20}};
        int[] sizes = {0, 1, 4095, 3 * 40960 + 17, 6 * 40960, 1 << 21, (1 << 20) + 3}; // whole stripes for k=10, k=16
        for (CodecEngine engine : TestEngines.all()) {
            for (Kind kind : Kind.values()) {
                for (int[] code : codes) {
                    for (int size : sizes) {
                        all.add(Arguments.of(engine, kind, code[0], code[1], size));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} k={2} m={3} size={4}")
    @MethodSource("codesAndSizes")
    void agreesWithTheArrayApi(CodecEngine engine, Kind kind, int k, int m, int size) throws Exception {
        byte[] payload = new byte[size];
        new Random(size * 31L + k).nextBytes(payload);
        ZfecCodec codec = ZfecCodec.create(k, m, engine).withThreads(2);
        byte[][] expected = codec.encode(payload);
        List<ByteBuffer> files = shareBuffers(codec, kind, size);
        ByteBuffer in = kind.of(payload);
        codec.encode(in, files);
        assertThat(in.remaining()).isZero();
        for (int i = 0; i < m; i++) {
            assertThat(files.get(i).remaining()).as("share %d fully written", i).isZero();
            assertThat(bytes(files.get(i).flip())).as("share %d", i).isEqualTo(expected[i]);
        }
        // the parity shares in place of the first data shares: the rebuild path
        List<ByteBuffer> survivors = new ArrayList<>(files.subList(m - k, m));
        java.util.Collections.reverse(survivors);
        ByteBuffer out = kind.allocate(size);
        assertThat(codec.decode(survivors, out)).isEqualTo(size);
        assertThat(out.remaining()).isZero();
        assertThat(bytes(out.flip())).isEqualTo(payload);
        assertThat(codec.decode(Arrays.asList(expected).subList(m - k, m))).isEqualTo(payload);
    }

    @ParameterizedTest
    @MethodSource("enginesAndKinds")
    void worksAtNonZeroPositionsInSlicesAndTouchesNothingElse(CodecEngine engine, Kind kind) throws Exception {
        int k = 10;
        int m = 14;
        int size = 5 * 40960 + 1234;
        byte[] payload = new byte[size];
        new Random(7).nextBytes(payload);
        ZfecCodec codec = ZfecCodec.create(k, m, engine).withThreads(1);
        byte[][] expected = codec.encode(payload);
        int fileLength = (int) codec.shareFileLength(size);

        ByteBuffer source = kind.allocate(size + 20);
        source.position(7).put(payload).position(7).limit(7 + size);
        // all share files in one big buffer, each a slice after a guard of 0x5A bytes
        int guard = 5;
        int stride = fileLength + 2 * guard;
        ByteBuffer arena = kind.allocate(m * stride);
        for (int i = 0; i < arena.capacity(); i++) {
            arena.put(i, (byte) 0x5A);
        }
        List<ByteBuffer> files = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            ByteBuffer slice = arena.slice(i * stride, stride);
            slice.position(guard); // limit beyond the share file: only fileLength bytes are used
            files.add(slice);
        }
        codec.encode(source, files);
        assertThat(source.position()).isEqualTo(7 + size);
        for (int i = 0; i < m; i++) {
            ByteBuffer file = files.get(i);
            assertThat(file.position()).isEqualTo(guard + fileLength);
            byte[] written = new byte[fileLength];
            file.get(guard, written);
            assertThat(written).as("share %d", i).isEqualTo(expected[i]);
            for (int g = 0; g < guard; g++) {
                assertThat(file.get(g)).isEqualTo((byte) 0x5A);
                assertThat(file.get(guard + fileLength + g)).isEqualTo((byte) 0x5A);
            }
        }

        List<ByteBuffer> survivors = new ArrayList<>();
        for (int i = 2; i < 2 + k; i++) {
            survivors.add(files.get(i).duplicate().position(guard).limit(guard + fileLength));
        }
        ByteBuffer out = kind.allocate(size + 30);
        for (int i = 0; i < out.capacity(); i++) {
            out.put(i, (byte) 0x33);
        }
        out.position(11);
        assertThat(codec.decode(survivors, out.slice(11, size + 19))).isEqualTo(size);
        assertThat(codec.decode(survivors, out)).isEqualTo(size);
        assertThat(out.position()).isEqualTo(11 + size);
        assertThat(survivors).allSatisfy(s -> assertThat(s.position()).isEqualTo(guard));
        byte[] decoded = new byte[size];
        out.get(11, decoded);
        assertThat(decoded).isEqualTo(payload);
        for (int i = 0; i < 11; i++) {
            assertThat(out.get(i)).isEqualTo((byte) 0x33);
        }
        for (int i = 11 + size; i < out.capacity(); i++) {
            assertThat(out.get(i)).isEqualTo((byte) 0x33);
        }
    }

    @ParameterizedTest
    @MethodSource("enginesAndKinds")
    void readOnlyDirectSharesDecode(CodecEngine engine, Kind kind) throws Exception {
        byte[] payload = new byte[100_000];
        new Random(3).nextBytes(payload);
        ZfecCodec codec = ZfecCodec.create(4, 6, engine);
        List<ByteBuffer> readOnly = new ArrayList<>();
        for (byte[] file : Arrays.asList(codec.encode(payload)).subList(2, 6)) {
            readOnly.add(Kind.DIRECT.of(file).asReadOnlyBuffer());
        }
        ByteBuffer out = kind.allocate(payload.length);
        codec.decode(readOnly, out);
        assertThat(bytes(out.flip())).isEqualTo(payload);
    }

    @Test
    void wrongBuffersGiveClearErrorsAndWriteNothing() throws Exception {
        ZfecCodec codec = ZfecCodec.create(3, 5, TestEngines.isal());
        byte[] payload = new byte[10_000];
        new Random(1).nextBytes(payload);
        int fileLength = (int) codec.shareFileLength(payload.length);

        assertThatThrownBy(() -> codec.encode(ByteBuffer.wrap(payload), shareBuffers(codec, Kind.DIRECT,
                payload.length).subList(0, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 5 share buffers, got 4");

        List<ByteBuffer> short1 = shareBuffers(codec, Kind.DIRECT, payload.length);
        short1.set(3, ByteBuffer.allocateDirect(fileLength - 1));
        assertThatThrownBy(() -> codec.encode(ByteBuffer.wrap(payload), short1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("share buffer 3 has " + (fileLength - 1) + " bytes remaining but a share file of a"
                        + " 10000-byte payload takes " + fileLength + "; size each with shareFileLength(payload length)");
        assertThat(short1.get(0).position()).isZero();
        assertThat(short1.get(0).get(0)).as("no header written").isZero();

        List<ByteBuffer> readOnly = shareBuffers(codec, Kind.HEAP, payload.length);
        readOnly.set(1, readOnly.get(1).asReadOnlyBuffer());
        assertThatThrownBy(() -> codec.encode(ByteBuffer.wrap(payload), readOnly))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("share buffer 1 is read-only; give writable buffers");

        List<ByteBuffer> mixed = shareBuffers(codec, Kind.DIRECT, payload.length);
        mixed.set(2, ByteBuffer.allocate(fileLength));
        assertThatThrownBy(() -> codec.encode(ByteBuffer.wrap(payload), mixed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("share buffers mix direct and heap memory; use one kind for all");
        assertThat(mixed.get(0).get(0)).as("no header written").isZero();

        List<ByteBuffer> files = shareBuffers(codec, Kind.DIRECT, payload.length);
        codec.encode(ByteBuffer.wrap(payload), files);
        files.forEach(ByteBuffer::flip);
        ByteBuffer small = ByteBuffer.allocateDirect(payload.length - 1);
        assertThatThrownBy(() -> codec.decode(files, small))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the payload buffer has 9999 bytes remaining but the shares hold a payload of 10000"
                        + " bytes; give a larger buffer");
        assertThat(small.position()).isZero();
        assertThatThrownBy(() -> codec.decode(files, ByteBuffer.allocate(payload.length).asReadOnlyBuffer()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the payload buffer is read-only; give a writable buffer");

        List<ByteBuffer> uneven = new ArrayList<>(files);
        uneven.set(1, files.get(1).duplicate().limit(fileLength - 1));
        assertThatThrownBy(() -> codec.decode(uneven, ByteBuffer.allocate(payload.length)))
                .isInstanceOf(ShareFileException.class)
                .hasMessage("share #1 (share number 1) is " + (fileLength - 1) + " bytes but share #0 (share number 0)"
                        + " is " + fileLength + " bytes; one of them is truncated or from another payload");
        assertThatThrownBy(() -> codec.decode(files.subList(0, 2), ByteBuffer.allocate(payload.length)))
                .isInstanceOf(ShareFileException.class)
                .hasMessage("only 2 shares given but 3 of the 5 are needed to decode; find more shares");
        assertThatThrownBy(() -> codec.decode(List.of(ByteBuffer.allocate(1)), ByteBuffer.allocate(1)))
                .isInstanceOf(ShareFileException.class)
                .hasMessageStartingWith("share #0: share file is too short for a zfec header (1 bytes)");
    }
}
