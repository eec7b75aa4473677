package io.shadowcat.bench;

import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.JsonLinesTapeWriter;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under an encrypted append: the JDK's ChaCha20-Poly1305 alone over the plaintext of one segment
 * of {@link LayeredAppendBenchmark}'s frames ({@value LayeredAppendBenchmark#FLUSH_EVERY} frames as JSON
 * Lines, what one flush seals), in the 64 KiB chunks of age's payload (one cipher init and tag per chunk,
 * as jagged does), and with the base64 of the ciphertext that the stored parts carry. Ops are frames, so
 * the scores compare with {@code LayeredAppendBenchmark}'s directly.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 3)
@Fork(1)
@State(Scope.Thread)
public class SegmentCipherBenchmark {

    private static final int CHUNK = 64 * 1024;

    private byte[] segment;
    private byte[] out;
    private Cipher cipher;
    private SecretKeySpec key;
    private final byte[] nonce = new byte[12];
    private long invocation; // in the nonce's first bytes: the JDK refuses a key and nonce used just before

    @Setup
    public void segment() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TapeHeader header = new TapeHeader(TapeId.of("append-0"), "bench", Instant.now(), "2025-06-18", null);
        JsonLinesTapeWriter lines = new JsonLinesTapeWriter(buf, header);
        lines.write(header);
        for (long s = 0; s < LayeredAppendBenchmark.FLUSH_EVERY; s++) {
            lines.write(new Frame(s, s, (s & 1) == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                    (s & 1) == 0 ? BenchTapes.REQUEST : BenchTapes.RESPONSE, null, null, null, null));
        }
        lines.flush();
        segment = buf.toByteArray();
        out = new byte[segment.length + (segment.length / CHUNK + 1) * 16];
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        key = new SecretKeySpec(k, "ChaCha20");
        cipher = Cipher.getInstance("ChaCha20-Poly1305");
    }

    @Benchmark
    @OperationsPerInvocation(LayeredAppendBenchmark.FLUSH_EVERY)
    public int chacha20Poly1305() throws Exception {
        return encrypt();
    }

    @Benchmark
    @OperationsPerInvocation(LayeredAppendBenchmark.FLUSH_EVERY)
    public int chacha20Poly1305AndBase64() throws Exception {
        int n = encrypt();
        return Base64.getEncoder().encode(java.util.Arrays.copyOf(out, n)).length;
    }

    private int encrypt() throws Exception {
        int written = 0;
        long counter = 0;
        java.nio.ByteBuffer.wrap(nonce, 0, 8).putLong(invocation++);
        for (int from = 0; from < segment.length; from += CHUNK) {
            int len = Math.min(CHUNK, segment.length - from);
            nonce[10] = (byte) (counter >>> 8);
            nonce[9] = (byte) (counter >>> 16);
            nonce[11] = (byte) (from + len == segment.length ? 1 : 0); // age: last-chunk flag
            nonce[8] = (byte) counter++;
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
            written += cipher.doFinal(segment, from, len, out, written);
        }
        return written;
    }
}
