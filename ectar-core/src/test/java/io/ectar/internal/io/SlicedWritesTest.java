package io.ectar.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlicedWritesTest {

    /** Records the length of every write it is handed. */
    private static final class Recording extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> writes = new ArrayList<>();

        @Override
        public void write(int b) {
            writes.add(1);
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes.add(len);
            bytes.write(b, off, len);
        }
    }

    @Test
    void largeWritesReachTheStreamBelowInSlicesWithEveryByteInOrder() throws IOException {
        byte[] data = new byte[3 * SlicedWrites.SLICE + 123];
        new Random(7).nextBytes(data);
        Recording below = new Recording();
        try (OutputStream out = new SlicedWrites(below)) {
            out.write(data, 5, data.length - 5);
            out.write(data, 0, 5);
            out.write(42);
        }
        assertThat(below.writes).containsExactly(SlicedWrites.SLICE, SlicedWrites.SLICE, SlicedWrites.SLICE, 118, 5, 1);
        byte[] expected = new byte[data.length + 1];
        System.arraycopy(data, 5, expected, 0, data.length - 5);
        System.arraycopy(data, 0, expected, data.length - 5, 5);
        expected[data.length] = 42;
        assertThat(below.bytes.toByteArray()).isEqualTo(expected);
    }

    @Test
    void anEmptyWriteWritesNothingAndBadBoundsAreRefusedBeforeAnyByteIsWritten() throws IOException {
        Recording below = new Recording();
        SlicedWrites out = new SlicedWrites(below);
        out.write(new byte[10], 3, 0);
        assertThat(below.writes).isEmpty();
        assertThatThrownBy(() -> out.write(new byte[10], 8, 5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(below.writes).isEmpty();
    }
}
