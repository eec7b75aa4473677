package io.ectar.tape.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimhTapeImageTest {

    @TempDir
    Path dir;

    @Test
    void bytesOnDiskAreTheSimhFormat() throws IOException {
        Path file = dir.resolve("fmt.tap");
        try (SimhTapeImage tape = SimhTapeImage.open(file, SimhTapeImage.Options.UNLIMITED)) {
            tape.writeRecord(new byte[] {1, 2, 3}, 0, 3);
            tape.writeRecord(new byte[] {4, 5}, 0, 2);
            tape.writeFilemarks(2);
        }
        ByteBuffer expected = ByteBuffer.allocate(4 + 4 + 4 + 4 + 2 + 4 + 8).order(ByteOrder.LITTLE_ENDIAN);
        expected.putInt(3).put(new byte[] {1, 2, 3, 0}).putInt(3);
        expected.putInt(2).put(new byte[] {4, 5}).putInt(2);
        expected.putInt(0).putInt(0);
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.array());
    }

    @Test
    void contentsSurviveReopening() throws IOException {
        Path file = dir.resolve("keep.tap");
        try (SimhTapeImage tape = SimhTapeImage.open(file, SimhTapeImage.Options.UNLIMITED)) {
            tape.writeRecord(new byte[] {7}, 0, 1);
            tape.writeFilemarks(1);
        }
        try (SimhTapeImage tape = SimhTapeImage.open(file, SimhTapeImage.Options.UNLIMITED)) {
            assertThat(tape.status().beginningOfTape()).isTrue();
            byte[] buf = new byte[4];
            assertThat(tape.readRecord(buf)).isEqualTo(1);
            assertThat(buf[0]).isEqualTo((byte) 7);
            tape.goToEndOfData();
            assertThat(tape.position()).isEqualTo(new TapePosition(1, 0));
        }
    }

    @Test
    void capacityAndEarlyWarningEmulateTheEndOfATape() throws IOException {
        // Each 100-byte record takes 108 bytes of image.
        SimhTapeImage.Options options = new SimhTapeImage.Options(108 * 5, 108 * 3, 0);
        try (SimhTapeImage tape = SimhTapeImage.open(dir.resolve("small.tap"), options)) {
            byte[] record = new byte[100];
            assertThat(tape.writeRecord(record, 0, 100)).isFalse();
            assertThat(tape.writeRecord(record, 0, 100)).isFalse();
            assertThat(tape.status().earlyWarning()).isFalse();
            assertThat(tape.writeRecord(record, 0, 100)).as("reaches the early-warning point").isTrue();
            assertThat(tape.status().earlyWarning()).isTrue();
            assertThat(tape.writeRecord(record, 0, 100)).isTrue();
            assertThat(tape.writeRecord(record, 0, 100)).isTrue();
            assertThatThrownBy(() -> tape.writeRecord(record, 0, 100)).isInstanceOf(TapeFullException.class)
                    .hasMessageContaining("tape full").hasMessageContaining("file 0 block 5");
            assertThat(tape.bytesUsed()).isEqualTo(108 * 5);
        }
    }

    @Test
    void aRecordFlaggedBadIsAMediumErrorAndReadingGoesOn() throws IOException {
        Path file = dir.resolve("bad.tap");
        try (SimhTapeImage tape = SimhTapeImage.open(file, SimhTapeImage.Options.UNLIMITED)) {
            tape.writeRecord(new byte[] {1, 1}, 0, 2);
            tape.writeRecord(new byte[] {2, 2}, 0, 2);
            tape.writeRecord(new byte[] {3, 3}, 0, 2);
        }
        // Set SIMH's error flag (bit 31) on both length words of the second record, at bytes 10 and 16.
        byte[] bytes = Files.readAllBytes(file);
        bytes[13] |= (byte) 0x80;
        bytes[19] |= (byte) 0x80;
        Files.write(file, bytes);
        try (SimhTapeImage tape = SimhTapeImage.open(file, SimhTapeImage.Options.UNLIMITED)) {
            byte[] buf = new byte[2];
            assertThat(tape.readRecord(buf)).isEqualTo(2);
            assertThatThrownBy(() -> tape.readRecord(buf)).isInstanceOf(MediumErrorException.class)
                    .hasMessageContaining("file 0 block 1");
            assertThat(tape.readRecord(buf)).isEqualTo(2);
            assertThat(buf).containsExactly(3, 3);
        }
    }

    @Test
    void aDamagedImageIsReportedWithTheByteOffset() throws IOException {
        Path file = Files.write(dir.resolve("junk.tap"), "this is not a tape image".getBytes());
        try (SimhTapeImage tape = SimhTapeImage.open(file, SimhTapeImage.Options.UNLIMITED)) {
            assertThatThrownBy(() -> tape.readRecord(new byte[100])).isInstanceOf(TapeException.class)
                    .hasMessageContaining("not a valid SIMH tape image at byte 0");
        }
    }

    @Test
    void oneImageCannotBeOpenedTwice() throws IOException {
        Path file = dir.resolve("locked.tap");
        try (SimhTapeImage first = SimhTapeImage.open(file, SimhTapeImage.Options.UNLIMITED)) {
            assertThatThrownBy(() -> SimhTapeImage.open(file, SimhTapeImage.Options.UNLIMITED))
                    .isInstanceOf(TapeException.class).hasMessageContaining("already open in this process (given twice?)");
        }
        SimhTapeImage.open(file, SimhTapeImage.Options.UNLIMITED).close();
    }

    @Test
    void openingForReadingNeverCreatesOrWritesAnImage() throws IOException {
        Path missing = dir.resolve("typo.tap");
        assertThatThrownBy(() -> SimhTapeImage.openForReading(missing, SimhTapeImage.Options.UNLIMITED))
                .isInstanceOf(TapeException.class).hasMessageContaining("no such tape image: " + missing);
        assertThat(missing).doesNotExist();

        Path file = dir.resolve("t.tap");
        try (SimhTapeImage tape = SimhTapeImage.open(file, SimhTapeImage.Options.UNLIMITED)) {
            tape.writeRecord(new byte[] {1, 2, 3}, 0, 3);
        }
        byte[] before = Files.readAllBytes(file);
        try (SimhTapeImage a = SimhTapeImage.openForReading(file, SimhTapeImage.Options.UNLIMITED)) {
            assertThat(a.status().writeProtected()).isTrue();
            assertThatThrownBy(() -> a.writeRecord(new byte[] {9}, 0, 1)).hasMessageContaining("read-only");
            assertThat(a.readRecord(new byte[16])).isEqualTo(3);
        }
        assertThat(file).hasBinaryContent(before);
    }

    @Test
    void theThroughputCapHoldsWritesBack() throws IOException {
        long rate = 20_000_000;
        int records = 40;
        byte[] record = new byte[65_536];
        try (SimhTapeImage tape = SimhTapeImage.open(dir.resolve("slow.tap"), new SimhTapeImage.Options(0, 0, rate))) {
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                tape.writeRecord(record, 0, record.length);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double minimum = (records * 65_544.0) / rate - 0.020; // less the burst allowance
            assertThat(seconds).as("2.6 MB at 20 MB/s").isGreaterThanOrEqualTo(minimum);
        }
    }

    @Test
    void optionsRejectAnEarlyWarningBeyondCapacity() {
        assertThatThrownBy(() -> new SimhTapeImage.Options(100, 200, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
