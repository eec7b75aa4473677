package io.ectar.cli;

import io.ectar.codec.ShareFileException;
import io.ectar.codec.ZfecCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times one codec on one in-memory payload: encode into m share files, and decode with as many data
 * shares missing as there are parity shares. Throughput counts payload bytes, in 10^6 bytes per second.
 */
final class CodecBenchmark {

    /** Each measurement repeats until it has at least this many runs and this much time. */
    private static final int MIN_RUNS = 3;
    private static final long MIN_NANOS = 1_500_000_000L;
    private static final int MAX_RUNS = 20;

    record Result(String engine, int dataShards, int parityShards, long sizeBytes, int threads,
            double encodeMbPerS, double decodeMbPerS) {
    }

    private final ZfecCodec codec;
    private final byte[] payload;

    CodecBenchmark(ZfecCodec codec, byte[] payload) {
        this.codec = codec;
        this.payload = payload;
    }

    Result run() throws ShareFileException {
        byte[][] files = codec.encode(payload);
        List<byte[]> survivors = survivors(files);
        // Warm-up: let the JIT compile the loops and the heap grow to its working size.
        int warmups = payload.length <= (64 << 20) ? 3 : 1;
        for (int i = 0; i < warmups; i++) {
            codec.encode(payload);
            check(codec.decode(survivors));
        }
        double encode = measure(() -> codec.encode(payload));
        double decode = measure(() -> check(codec.decode(survivors)));
        return new Result(codec.engineName(), codec.k(), codec.m() - codec.k(), payload.length, codec.threads(),
                encode, decode);
    }

    /** k shares with the first min(m - k, k) data shares replaced by parity shares. */
    private List<byte[]> survivors(byte[][] files) {
        int k = codec.k();
        int missing = Math.min(codec.m() - k, k);
        List<byte[]> shares = new ArrayList<>(Arrays.asList(files).subList(missing, k + missing));
        return shares;
    }

    private void check(byte[] decoded) {
        if (!Arrays.equals(decoded, payload)) {
            throw new IllegalStateException(codec + " decoded different bytes: the codec is broken");
        }
    }

    private interface Action {
        void run() throws ShareFileException;
    }

    /** The median throughput in MB/s over the timed runs. */
    private double measure(Action action) throws ShareFileException {
        List<Long> times = new ArrayList<>();
        long total = 0;
        while (times.size() < MAX_RUNS && (times.size() < MIN_RUNS || total < MIN_NANOS)) {
            long start = System.nanoTime();
            action.run();
            long elapsed = System.nanoTime() - start;
            times.add(elapsed);
            total += elapsed;
        }
        times.sort(null);
        long median = times.get(times.size() / 2);
        return payload.length / (median / 1e9) / 1e6;
    }
}
