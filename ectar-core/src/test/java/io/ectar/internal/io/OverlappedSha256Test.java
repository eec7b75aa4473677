package io.ectar.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The digest computed one buffer behind equals the plain one, with buffers reused as the contract allows. */
class OverlappedSha256Test {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void equalsThePlainDigestWithTwoBuffersTakingTurns(long seed) throws Exception {
        Random random = new Random(seed);
        try (OverlappedSha256 overlapped = new OverlappedSha256()) {
            for (int file = 0; file < 5; file++) {
                MessageDigest plain = Sha256.newDigest();
                overlapped.reset();
                byte[][] buffers = {new byte[70_000], new byte[70_000]};
                int updates = random.nextInt(6);
                for (int u = 0; u < updates; u++) {
                    byte[] b = buffers[u % 2];
                    // the buffer given two calls ago is free again: refill it, as the extractor does
                    random.nextBytes(b);
                    int n = 1 + random.nextInt(b.length);
                    plain.update(b, 0, n);
                    overlapped.update(b, n);
                }
                assertThat(overlapped.hex()).isEqualTo(Sha256.hex(plain));
            }
        }
    }
}
