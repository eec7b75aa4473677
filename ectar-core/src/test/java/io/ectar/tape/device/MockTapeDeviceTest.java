package io.ectar.tape.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MockTapeDeviceTest {

    private static MockTapeDevice tapeWithTwoFiles() throws IOException {
        MockTapeDevice tape = new MockTapeDevice("mock0");
        tape.writeRecord(new byte[] {1, 2}, 0, 2);
        tape.writeRecord(new byte[] {3, 4}, 0, 2);
        tape.writeFilemarks(1);
        tape.writeRecord(new byte[] {5}, 0, 1);
        tape.writeFilemarks(1);
        tape.rewind();
        return tape;
    }

    @Test
    void filesShowWhatWasWritten() throws IOException {
        MockTapeDevice tape = tapeWithTwoFiles();
        assertThat(tape.files()).hasSize(3);
        assertThat(tape.files().get(0)).containsExactly(new byte[] {1, 2}, new byte[] {3, 4});
        assertThat(tape.files().get(2)).isEmpty();
        assertThat(tape.recordsWritten()).isEqualTo(3);
    }

    @Test
    void aWriteFailsAtTheInjectedPosition() throws IOException {
        MockTapeDevice tape = new MockTapeDevice("w").failWriteAt(new TapePosition(0, 1));
        tape.writeRecord(new byte[] {1}, 0, 1);
        assertThatThrownBy(() -> tape.writeRecord(new byte[] {2}, 0, 1))
                .isInstanceOf(TapeException.class).hasMessage("w: write failed at file 0 block 1 (injected fault)");
        assertThat(tape.files().get(0)).hasSize(1);
    }

    @Test
    void aDriveDiesAfterSomeRecords() throws IOException {
        MockTapeDevice tape = new MockTapeDevice("d").failWritesAfter(2);
        tape.writeRecord(new byte[] {1}, 0, 1);
        tape.writeRecord(new byte[] {1}, 0, 1);
        assertThatThrownBy(() -> tape.writeRecord(new byte[] {1}, 0, 1)).isInstanceOf(TapeException.class);
        assertThatThrownBy(() -> tape.writeFilemarks(1)).isInstanceOf(TapeException.class);
    }

    @Test
    void readFaultsAndFlippedBits() throws IOException {
        MockTapeDevice tape = tapeWithTwoFiles().failReadAt(new TapePosition(0, 0)).flipBit(new TapePosition(1, 0), 1);
        byte[] buf = new byte[8];
        assertThatThrownBy(() -> tape.readRecord(buf)).isInstanceOf(MediumErrorException.class)
                .hasMessageContaining("file 0 block 0");
        assertThat(tape.readRecord(buf)).isEqualTo(2);
        assertThat(buf[0]).isEqualTo((byte) 3);
        assertThat(tape.readRecord(buf)).isEqualTo(TapeDevice.FILEMARK);
        assertThat(tape.readRecord(buf)).isEqualTo(1);
        assertThat(buf[0]).as("bit 1 of 5 flipped").isEqualTo((byte) 7);

        tape.rewind();
        tape.failReadsAfter(1);
        tape.spaceForwardFiles(1);
        assertThat(tape.readRecord(buf)).isEqualTo(1);
        assertThatThrownBy(() -> tape.readRecord(buf)).hasMessageContaining("drive failed");
    }

    @Test
    void earlyWarningAndCapacityCountRecords() throws IOException {
        MockTapeDevice tape = new MockTapeDevice("ew").earlyWarningAfter(2).capacityRecords(3);
        assertThat(tape.writeRecord(new byte[] {1}, 0, 1)).isFalse();
        assertThat(tape.writeRecord(new byte[] {1}, 0, 1)).isTrue();
        assertThat(tape.status().earlyWarning()).isTrue();
        assertThat(tape.writeRecord(new byte[] {1}, 0, 1)).isTrue();
        assertThatThrownBy(() -> tape.writeRecord(new byte[] {1}, 0, 1)).isInstanceOf(TapeFullException.class);
    }

    @Test
    void aClosedDeviceRefusesWorkUntilReopened() throws IOException {
        MockTapeDevice tape = tapeWithTwoFiles();
        tape.close();
        assertThat(tape.isClosed()).isTrue();
        assertThatThrownBy(() -> tape.readRecord(new byte[2])).hasMessageContaining("closed");
        assertThat(tape.reopen().readRecord(new byte[2])).isEqualTo(2);
    }
}
