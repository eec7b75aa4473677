package io.ectar.archive.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Header checksums as tar writers compute them: over unsigned bytes, or (old writers) signed ones. */
class TarHeaderChecksumTest {

    /** A ustar header record for a file named {@code name} (no pax: names up to 100 bytes). */
    private static byte[] header(String name) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out, 512, "UTF-8")) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(0);
            t.putArchiveEntry(e);
            t.closeArchiveEntry();
        }
        return Arrays.copyOf(out.toByteArray(), 512);
    }

    private static void storeChecksum(byte[] r, long sum) {
        byte[] octal = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(octal, 0, r, 148, 6);
        r[154] = 0;
        r[155] = ' ';
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain.txt", "caf\u00e9-\u00fcber-\u65e5\u672c.txt"})
    void unsignedAndSignedSumsAreAcceptedAndAnyFlippedByteIsNot(String name) throws Exception {
        byte[] r = header(name);
        assertThat(TarReader.isHeaderRecord(r)).isTrue();
        long signed = 0;
        for (int i = 0; i < 512; i++) {
            signed += i >= 148 && i < 156 ? ' ' : r[i];
        }
        byte[] old = r.clone();
        storeChecksum(old, signed);
        assertThat(TarReader.isHeaderRecord(old)).as("signed sum").isTrue();
        for (int i : new int[] {0, 100, 147, 156, 257 + 6, 300, 511}) {
            byte[] flipped = r.clone();
            flipped[i] ^= 0x01;
            assertThat(TarReader.isHeaderRecord(flipped)).as("byte %d flipped", i).isFalse();
        }
    }
}
