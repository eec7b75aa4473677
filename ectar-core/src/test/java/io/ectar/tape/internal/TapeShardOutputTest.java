package io.ectar.tape.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ectar.tape.BlockMode;
import io.ectar.tape.TapeSetLayout;
import io.ectar.tape.device.MockTapeDevice;
import io.ectar.tape.device.TapeException;
import io.ectar.tape.device.TapePosition;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class TapeShardOutputTest {

    private static final int BLOCK = 1024;

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void creationChecksTheBlockSize() {
        MockTapeDevice tape = new MockTapeDevice("t");
        assertThatThrownBy(() -> new TapeShardOutput(tape, 100, BlockMode.VARIABLE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block size");
        assertThatThrownBy(() -> new TapeShardOutput(tape, 16 << 20, BlockMode.VARIABLE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new TapeShardOutput(tape, TapeSetLayout.DEFAULT_BLOCK_SIZE, BlockMode.VARIABLE).records()).isZero();
    }

    @Test
    void blockAlignedDataMakesOnlyFullRecords() throws IOException {
        MockTapeDevice tape = new MockTapeDevice("t");
        byte[] data = bytes(3 * BLOCK, 1);
        TapeShardOutput out = new TapeShardOutput(tape, BLOCK, BlockMode.VARIABLE);
        // Written in odd pieces so records are cut across write calls.
        for (int off = 0; off < data.length; off += 700) {
            out.write(data, off, Math.min(700, data.length - off));
        }
        assertThat(out.records()).isEqualTo(3);
        assertThat(out.finish()).isEqualTo(3L * BLOCK);
        List<byte[]> file = tape.files().get(0);
        assertThat(file).hasSize(3).allSatisfy(r -> assertThat(r).hasSize(BLOCK));
        assertThat(concat(file)).isEqualTo(data);
        assertThat(tape.position()).as("the filemark ends the file").isEqualTo(new TapePosition(1, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 1023, 1025, 5000})
    void theFinalPartialRecordIsShortInVariableMode(int length) throws IOException {
        MockTapeDevice tape = new MockTapeDevice("t");
        byte[] data = bytes(length, length);
        try (TapeShardOutput out = new TapeShardOutput(tape, BLOCK, BlockMode.VARIABLE)) {
            out.write(data);
        }
        List<byte[]> file = tape.files().get(0);
        assertThat(file).hasSize((length + BLOCK - 1) / BLOCK);
        assertThat(file.get(file.size() - 1)).hasSize(length % BLOCK == 0 ? BLOCK : length % BLOCK);
        assertThat(concat(file)).isEqualTo(data);
    }

    @Test
    void fixedModePadsTheLastRecordAndReportsTheTrueLength() throws IOException {
        MockTapeDevice tape = new MockTapeDevice("t");
        byte[] data = bytes(2500, 3);
        TapeShardOutput out = new TapeShardOutput(tape, BLOCK, BlockMode.FIXED);
        out.write(data);
        assertThat(out.finish()).isEqualTo(2500);
        assertThat(out.finish()).as("finish twice is harmless").isEqualTo(2500);
        List<byte[]> file = tape.files().get(0);
        assertThat(file).hasSize(3).allSatisfy(r -> assertThat(r).hasSize(BLOCK));
        byte[] all = concat(file);
        assertThat(Arrays.copyOf(all, 2500)).isEqualTo(data);
        assertThat(Arrays.copyOfRange(all, 2500, all.length)).containsOnly(0);
        CRC32C crc = new CRC32C();
        crc.update(data);
        assertThat(out.crc32c()).isEqualTo((int) crc.getValue());
        assertThatThrownBy(() -> out.write(1)).hasMessageContaining("finished");
    }

    @Test
    void deviceErrorsReachTheWriter() {
        MockTapeDevice tape = new MockTapeDevice("t").failWriteAt(new TapePosition(0, 1));
        TapeShardOutput out = new TapeShardOutput(tape, BLOCK, BlockMode.VARIABLE);
        assertThatThrownBy(() -> out.write(bytes(3 * BLOCK, 4)))
                .isInstanceOf(TapeException.class).hasMessageContaining("file 0 block 1");
    }

    @Test
    void earlyWarningIsPassedOn() throws IOException {
        MockTapeDevice tape = new MockTapeDevice("t").earlyWarningAfter(2);
        TapeShardOutput out = new TapeShardOutput(tape, BLOCK, BlockMode.VARIABLE);
        out.write(bytes(BLOCK, 5));
        assertThat(out.earlyWarning()).isFalse();
        out.write(bytes(BLOCK, 6));
        assertThat(out.earlyWarning()).isTrue();
    }

    public static byte[] concat(List<byte[]> records) {
        int n = records.stream().mapToInt(r -> r.length).sum();
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] r : records) {
            System.arraycopy(r, 0, all, at, r.length);
            at += r.length;
        }
        return all;
    }
}
