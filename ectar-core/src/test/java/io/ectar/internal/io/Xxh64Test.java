package io.ectar.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdCompressCtx;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** XXH64 against libzstd's own content checksums (the low 32 bits of XXH64 at the end of a frame). */
class Xxh64Test {

    private static int zstdChecksum(byte[] data) {
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(1);
            ctx.setChecksum(true);
            byte[] frame = ctx.compress(data);
            int n = frame.length;
            return (frame[n - 4] & 0xFF) | (frame[n - 3] & 0xFF) << 8 | (frame[n - 2] & 0xFF) << 16
                    | (frame[n - 1] & 0xFF) << 24;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 7, 8, 9, 31, 32, 33, 63, 64, 100, 4097, 1 << 20})
    void matchesZstdInOnePieceAndInRandomPieces(int length) {
        Random random = new Random(length);
        byte[] data = new byte[length];
        random.nextBytes(data);
        Xxh64 whole = new Xxh64();
        whole.update(data, 0, length);
        assertThat((int) whole.digest()).isEqualTo(zstdChecksum(data));
        Xxh64 pieces = new Xxh64();
        for (int at = 0; at < length; ) {
            int n = Math.min(length - at, random.nextInt(70));
            pieces.update(data, at, n);
            at += n;
        }
        assertThat(pieces.digest()).isEqualTo(whole.digest());
    }

    @Test
    void knownValueOfTheEmptyInput() {
        assertThat(new Xxh64().digest()).isEqualTo(0xEF46DB3751D8E999L);
    }
}
