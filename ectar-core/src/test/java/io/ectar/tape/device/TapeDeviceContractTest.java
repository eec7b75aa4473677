package io.ectar.tape.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The behaviour every {@link TapeDevice} shares, checked on the in-memory mock and on SIMH images. */
class TapeDeviceContractTest {

    @TempDir
    static Path dir;

    private static int images;

    static Stream<Arguments> devices() {
        Function<String, TapeDevice> mock = MockTapeDevice::new;
        Function<String, TapeDevice> simh = name -> {
            try {
                return SimhTapeImage.open(dir.resolve(name + (images++) + ".tap"), SimhTapeImage.Options.UNLIMITED);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        return Stream.of(Arguments.of("mock", mock), Arguments.of("simh", simh));
    }

    private static byte[] record(int length, int seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void recordsAndFilemarksReadBackWithPositions(String kind, Function<String, TapeDevice> factory) throws IOException {
        try (TapeDevice tape = factory.apply("t")) {
            assertThat(tape.status().beginningOfTape()).isTrue();
            assertThat(tape.writeRecord(record(10, 1), 0, 10)).isFalse();
            tape.writeRecord(record(7, 2), 0, 7);
            assertThat(tape.position()).isEqualTo(new TapePosition(0, 2));
            tape.writeFilemarks(1);
            assertThat(tape.position()).isEqualTo(new TapePosition(1, 0));
            tape.writeRecord(record(3, 3), 0, 3);
            tape.writeFilemarks(2);
            assertThat(tape.position()).isEqualTo(new TapePosition(3, 0));

            tape.rewind();
            byte[] buf = new byte[64];
            assertThat(tape.readRecord(buf)).isEqualTo(10);
            assertThat(Arrays.copyOf(buf, 10)).isEqualTo(record(10, 1));
            assertThat(tape.readRecord(buf)).isEqualTo(7);
            assertThat(Arrays.copyOf(buf, 7)).isEqualTo(record(7, 2));
            assertThat(tape.readRecord(buf)).isEqualTo(TapeDevice.FILEMARK);
            assertThat(tape.position()).isEqualTo(new TapePosition(1, 0));
            assertThat(tape.readRecord(buf)).isEqualTo(3);
            assertThat(tape.readRecord(buf)).isEqualTo(TapeDevice.FILEMARK);
            assertThat(tape.readRecord(buf)).isEqualTo(TapeDevice.FILEMARK);
            assertThat(tape.readRecord(buf)).isEqualTo(TapeDevice.END_OF_DATA);
            assertThat(tape.status().endOfData()).isTrue();
            assertThat(tape.position()).isEqualTo(new TapePosition(3, 0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void spacingByFilemarksLandsWhereMtDoes(String kind, Function<String, TapeDevice> factory) throws IOException {
        try (TapeDevice tape = factory.apply("s")) {
            for (int f = 0; f < 4; f++) {
                for (int r = 0; r <= f; r++) {
                    tape.writeRecord(new byte[] {(byte) f, (byte) r}, 0, 2);
                }
                tape.writeFilemarks(1);
            }
            tape.rewind();
            tape.spaceForwardFiles(2);
            assertThat(tape.position()).isEqualTo(new TapePosition(2, 0));
            byte[] buf = new byte[2];
            tape.readRecord(buf);
            assertThat(buf).containsExactly(2, 0);

            tape.goToEndOfData();
            assertThat(tape.position()).isEqualTo(new TapePosition(4, 0));
            tape.spaceBackFiles(1);
            // Before the filemark that closes file 3, after its 4 records.
            assertThat(tape.position()).isEqualTo(new TapePosition(3, 4));
            assertThat(tape.readRecord(buf)).isEqualTo(TapeDevice.FILEMARK);

            tape.seekFile(1);
            assertThat(tape.position()).isEqualTo(new TapePosition(1, 0));
            tape.readRecord(buf);
            assertThat(buf).containsExactly(1, 0);
            tape.seekFile(3);
            tape.readRecord(buf);
            assertThat(buf).containsExactly(3, 0);
            tape.seekFile(0);
            assertThat(tape.position()).isEqualTo(TapePosition.BOT);

            assertThatThrownBy(() -> tape.spaceForwardFiles(9)).isInstanceOf(TapeException.class)
                    .hasMessageContaining("end of data after 4 of 9 filemarks");
            tape.rewind();
            tape.spaceForwardFiles(1);
            assertThatThrownBy(() -> tape.spaceBackFiles(3)).isInstanceOf(TapeException.class)
                    .hasMessageContaining("beginning of tape");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void writingInTheMiddleMakesANewEndOfData(String kind, Function<String, TapeDevice> factory) throws IOException {
        try (TapeDevice tape = factory.apply("o")) {
            for (int f = 0; f < 3; f++) {
                tape.writeRecord(new byte[] {(byte) f}, 0, 1);
                tape.writeFilemarks(1);
            }
            tape.seekFile(1);
            tape.writeRecord(new byte[] {9, 9, 9}, 0, 3);
            tape.writeFilemarks(1);
            tape.rewind();
            tape.goToEndOfData();
            assertThat(tape.position()).isEqualTo(new TapePosition(2, 0));
            tape.seekFile(1);
            byte[] buf = new byte[8];
            assertThat(tape.readRecord(buf)).isEqualTo(3);
            assertThat(tape.readRecord(buf)).isEqualTo(TapeDevice.FILEMARK);
            assertThat(tape.readRecord(buf)).isEqualTo(TapeDevice.END_OF_DATA);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void aRecordLargerThanTheBufferIsRefusedAndNotSkipped(String kind, Function<String, TapeDevice> factory)
            throws IOException {
        try (TapeDevice tape = factory.apply("l")) {
            tape.writeRecord(record(100, 5), 0, 100);
            tape.rewind();
            assertThatThrownBy(() -> tape.readRecord(new byte[99])).isInstanceOf(RecordTooLargeException.class)
                    .hasMessageContaining("file 0 block 0");
            assertThat(tape.readRecord(new byte[100])).isEqualTo(100);
        }
    }

    /** Random operation sequences give the same results on the mock and on an image. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void mockAndImageAgreeOnRandomSequences(long seed) throws IOException {
        Random random = new Random(seed);
        try (MockTapeDevice mock = new MockTapeDevice("mock");
                SimhTapeImage image = SimhTapeImage.open(dir.resolve("diff" + seed + ".tap"),
                        SimhTapeImage.Options.UNLIMITED)) {
            List<String> log = new ArrayList<>();
            for (int step = 0; step < 200; step++) {
                int op = random.nextInt(10);
                int arg = 1 + random.nextInt(3);
                byte[] data = record(1 + random.nextInt(300), random.nextInt());
                String a = apply(mock, op, arg, data);
                String b = apply(image, op, arg, data);
                log.add(op + ":" + a);
                assertThat(b).as("step %d op %d after %s", step, op, log).isEqualTo(a);
                assertThat(image.position()).isEqualTo(mock.position());
            }
        }
    }

    static LongStream seeds() {
        return LongStream.of(1, 2, 3, 42, 1234);
    }

    private static String apply(TapeDevice tape, int op, int arg, byte[] data) {
        try {
            return switch (op) {
                case 0, 1, 2 -> "w" + tape.writeRecord(data, 0, data.length);
                case 3 -> {
                    tape.writeFilemarks(arg);
                    yield "m";
                }
                case 4, 5 -> {
                    byte[] buf = new byte[400];
                    int n = tape.readRecord(buf);
                    yield "r" + n + (n > 0 ? Arrays.hashCode(Arrays.copyOf(buf, n)) : "");
                }
                case 6 -> {
                    tape.spaceForwardFiles(arg);
                    yield "f";
                }
                case 7 -> {
                    tape.spaceBackFiles(arg);
                    yield "b";
                }
                case 8 -> {
                    tape.rewind();
                    yield "rew";
                }
                default -> {
                    tape.goToEndOfData();
                    yield "eod";
                }
            } + "@" + tape.position();
        } catch (IOException e) {
            try {
                return e.getClass().getSimpleName() + "@" + tape.position();
            } catch (IOException again) {
                return e.getClass().getSimpleName();
            }
        }
    }
}
