package io.ectar.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad parameters and bad share sets: each a clear error naming the offending share. */
class ShareFileErrorsTest {

    private final ZfecCodec codec = ZfecCodec.create(3, 5, CodecEngine.java());
    private final byte[] payload = ZfecCodecRoundTripTest.randomBytes(10000, 1);
    private final byte[][] files = codec.encode(payload);

    @ParameterizedTest
    @CsvSource({"0,1", "2,1", "1,257", "0,0", "-1,5", "300,300"})
    void parametersOutOfRangeAreRejected(int k, int m) {
        assertThatThrownBy(() -> ZfecCodec.create(k, m, CodecEngine.java()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(m < 1 || m > 256 ? "m (total shares) must be 1..256"
                        : "k (data shares) must be 1..m");
    }

    private static ShareFileException decodeError(ZfecCodec codec, List<byte[]> shares) {
        ShareFileException inMemory = org.junit.jupiter.api.Assertions.assertThrows(ShareFileException.class,
                () -> codec.decode(shares));
        List<InputStream> streams = new ArrayList<>();
        shares.forEach(s -> streams.add(new ByteArrayInputStream(s)));
        ShareFileException streamed = org.junit.jupiter.api.Assertions.assertThrows(ShareFileException.class,
                () -> codec.decode(streams, new ByteArrayOutputStream()));
        assertThat(streamed.position()).isEqualTo(inMemory.position());
        return inMemory;
    }

    @Test
    void sharesOfAnotherCodeAreNamed() {
        byte[][] other = ZfecCodec.create(2, 5, CodecEngine.java()).encode(payload);
        ShareFileException e = decodeError(codec, List.of(files[0], files[1], other[4]));
        assertThat(e).hasMessage("share #2 (share number 4) is from a k=2, m=5 code, expected k=3, m=5;"
                + " it belongs to another archive or chunk");
        assertThat(e.position()).isEqualTo(2);
    }

    @Test
    void mismatchedPadLengthsAreNamed() {
        byte[][] other = codec.encode(Arrays.copyOf(payload, payload.length - 1));
        ShareFileException e = decodeError(codec, List.of(files[0], other[3], files[1]));
        assertThat(e).hasMessage("share #1 (share number 3) says pad length 0 but share #0 (share number 0)"
                + " says 2; shares of different payloads are mixed");
        assertThat(e.position()).isEqualTo(1);
    }

    @Test
    void differentLengthsAreNamed() {
        byte[] truncated = Arrays.copyOf(files[4], files[4].length - 1);
        ShareFileException e = decodeError(codec, List.of(files[0], files[1], truncated));
        assertThat(e.getMessage()).startsWith("share #2 (share number 4) ").contains("truncated");
        assertThat(e.position()).isEqualTo(2);
    }

    @Test
    void duplicatesAreNamed() {
        ShareFileException e = decodeError(codec, List.of(files[2], files[0], files[2].clone(), files[4]));
        assertThat(e).hasMessage("share #2 (share number 2) repeats share #0 (share number 2); give each share once");
        assertThat(e.position()).isEqualTo(2);
    }

    @Test
    void tooFewSharesSayHowManyAreNeeded() {
        ShareFileException e = decodeError(codec, List.of(files[3], files[1]));
        assertThat(e).hasMessage("only 2 shares given but 3 of the 5 are needed to decode; find more shares");
        assertThat(decodeError(codec, List.of())).hasMessageContaining("no shares given");
    }

    @Test
    void truncatedAndCorruptHeadersAreNamed() {
        ShareFileException e = decodeError(codec, List.of(files[0], new byte[] {4}, files[2]));
        assertThat(e.getMessage()).startsWith("share #1: share file is too short for a zfec header");
        assertThat(e.position()).isEqualTo(1);

        ZfecCodec fourShares = ZfecCodec.create(3, 4, CodecEngine.java());
        byte[][] four = fourShares.encode(payload);
        byte[] badBits = four[1].clone();
        badBits[1] |= 0x01; // k=3, m=4 needs 14 bits: the lowest two of the 2-byte header are unused
        e = decodeError(fourShares, List.of(four[0], badBits, four[2]));
        assertThat(e.getMessage()).startsWith("share #1: zfec header").contains("non-zero unused bits");
    }

    @Test
    void strictHeaderParsing() {
        // m=2: k takes one bit; k=2 > m=... is impossible, but m=3 allows the k field to say 4
        assertThatThrownBy(() -> ShareHeader.parse(new byte[] {2, (byte) 0xC0})).isInstanceOf(ShareFileException.class)
                .hasMessageContaining("says k=4 > m=3");
        // k=3, m=5: pad field (2 bits) = 3 is not below k
        byte[] pad3 = new ShareHeader(5, 3, 2, 0).toBytes();
        pad3[1] |= 0x08;
        assertThatThrownBy(() -> ShareHeader.parse(pad3)).hasMessageContaining("pad length 3 >= k=3");
        // share number 7 >= m=5
        byte[] share7 = new ShareHeader(5, 3, 0, 0).toBytes();
        share7[1] |= 0x07;
        assertThatThrownBy(() -> ShareHeader.parse(share7)).hasMessageContaining("share number 7 >= m=5");
        assertThatThrownBy(() -> new ShareHeader(5, 3, 3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShareHeader(5, 3, 0, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headerMustFitTheFileSize() throws Exception {
        ShareHeader header = ShareHeader.parse(files[0]);
        assertThat(header.payloadLength(files[0].length)).isEqualTo(payload.length);
        assertThatThrownBy(() -> header.payloadLength(1)).hasMessageContaining("shorter than its 2-byte header");
        ShareHeader padded = new ShareHeader(5, 3, 1, 0);
        assertThatThrownBy(() -> padded.payloadLength(2)).hasMessageContaining("holds no data");
    }

    @Test
    void streamingEncodeRejectsAShortOrLongPayload() {
        List<ByteArrayOutputStream> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(new ByteArrayOutputStream());
        }
        assertThatThrownBy(() -> codec.encode(new ByteArrayInputStream(payload), payload.length + 1L, out))
                .isInstanceOf(EOFException.class).hasMessage("payload ended after 10000 of 10001 bytes");
        assertThatThrownBy(() -> codec.encode(new ByteArrayInputStream(payload), payload.length - 1L, out))
                .isInstanceOf(IOException.class).hasMessage("payload is longer than the announced 9999 bytes");
    }

    @Test
    void extraSharesAreAllowedAndTheRestIgnored() throws Exception {
        assertThat(codec.decode(List.of(files[4], files[3], files[2], files[1], files[0]))).isEqualTo(payload);
    }
}
