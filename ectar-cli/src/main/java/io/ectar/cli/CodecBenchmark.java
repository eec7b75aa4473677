package io.ectar.cli;

import io.ectar.codec.ShareFileException;
import io.ectar.codec.ZfecCodec;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Times one codec on one in-memory payload: encode into m share files, and decode with as many data
 * shares missing as there are parity shares. The payload and share files are direct buffers, heap
 * buffers (the ByteBuffer API) or Java arrays (the array API), as {@link Buffers} says. Throughput counts payload bytes, in 10^6 bytes per second
 * of wall-clock time, and also per second of CPU time used by the whole process (all threads, GC
 * included), which other load on a shared machine does not dilute.
 */
final class CodecBenchmark {

    /** Each measurement (and the warm-up) repeats until it has at least this many samples and the minimum time. */
    private static final int MIN_RUNS = 3;
    private static final int MAX_RUNS = 20;

    /** The least length of one timed sample (a batch of runs), capped at a third of the minimum time. */
    private static final long SAMPLE_NANOS = 250_000_000L;
    private static final int MAX_BATCH = 1000;

    /** Median throughputs of one operation; {@code cpuMbPerS} is NaN when the JVM cannot tell CPU time. */
    record Throughput(double mbPerS, double cpuMbPerS) {
    }

    record Result(String engine, Buffers buffers, int dataShards, int parityShards, long sizeBytes, int threads,
            Throughput encode, Throughput decode) {
    }

    /** Where the payload and the share files live while they are coded. */
    enum Buffers {
        /** Direct (native) ByteBuffers: ISA-L codes them in place. */
        direct,
        /** Heap ByteBuffers: the Java engine codes them in place. */
        heap,
        /** Java arrays through the array API: ISA-L stages them through native scratch. */
        arrays
    }

    private final ZfecCodec codec;
    private final byte[] payload;
    private final long minNanos;
    private final Buffers buffers;

    CodecBenchmark(ZfecCodec codec, byte[] payload, double minSeconds, Buffers buffers) {
        this.codec = codec;
        this.payload = payload;
        this.minNanos = (long) (minSeconds * 1e9);
        this.buffers = buffers;
    }

    Result run() throws ShareFileException {
        return buffers == Buffers.arrays ? runOnArrays() : runOnBuffers();
    }

    private Result result(Throughput encode, Throughput decode) {
        return new Result(codec.engineName(), buffers, codec.k(), codec.m() - codec.k(), payload.length,
                codec.threads(), encode, decode);
    }

    private ByteBuffer allocate(int capacity) {
        return buffers == Buffers.direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    private Result runOnBuffers() throws ShareFileException {
        ByteBuffer source = allocate(payload.length).put(payload).flip();
        int fileLength = (int) codec.shareFileLength(payload.length);
        List<ByteBuffer> files = new ArrayList<>();
        for (int i = 0; i < codec.m(); i++) {
            files.add(allocate(fileLength));
        }
        ByteBuffer decoded = allocate(payload.length);
        Action<ByteBuffer> encode = () -> {
            files.forEach(ByteBuffer::clear);
            codec.encode(source.rewind(), files);
            return source;
        };
        encode.run();
        List<ByteBuffer> survivors = new ArrayList<>();
        for (ByteBuffer file : survivors(files.toArray(new ByteBuffer[0]))) {
            survivors.add(file.duplicate().clear()); // each file fills its buffer exactly
        }
        Action<ByteBuffer> decode = () -> {
            codec.decode(survivors, decoded.clear());
            return decoded.flip();
        };
        ByteBuffer expected = ByteBuffer.wrap(payload);
        Consumer<ByteBuffer> check = b -> {
            if (!b.equals(expected)) {
                throw new IllegalStateException(codec + " decoded different bytes: the codec is broken");
            }
        };
        long warmupEnd = System.nanoTime() + minNanos;
        for (int i = 0; i < MIN_RUNS || System.nanoTime() < warmupEnd; i++) {
            encode.run();
            check.accept(decode.run());
        }
        return result(measure(encode, b -> { }), measure(decode, check));
    }

    private Result runOnArrays() throws ShareFileException {
        byte[][] files = codec.encode(payload);
        List<byte[]> survivors = survivors(files);
        // Warm-up: let the JIT compile the loops and the heap grow to its working size (a heap still
        // growing makes the kernel zero fresh pages inside the timed runs).
        long warmupEnd = System.nanoTime() + minNanos;
        for (int i = 0; i < MIN_RUNS || System.nanoTime() < warmupEnd; i++) {
            codec.encode(payload);
            check(codec.decode(survivors));
        }
        Throughput encode = measure(() -> codec.encode(payload), result -> { });
        Throughput decode = measure(() -> codec.decode(survivors), this::check);
        return result(encode, decode);
    }

    /** k shares with the first min(m - k, k) data shares replaced by parity shares. */
    private <T> List<T> survivors(T[] files) {
        int k = codec.k();
        int missing = Math.min(codec.m() - k, k);
        return new ArrayList<>(Arrays.asList(files).subList(missing, k + missing));
    }

    private void check(byte[] decoded) {
        if (!Arrays.equals(decoded, payload)) {
            throw new IllegalStateException(codec + " decoded different bytes: the codec is broken");
        }
    }

    private interface Action<T> {
        T run() throws ShareFileException;
    }

    /**
     * Times {@code action} alone, in samples of {@code batch} runs, so that each sample spans about
     * {@link #SAMPLE_NANOS}: the JVM reads process CPU time in clock ticks of 10 ms, far too coarse for a
     * single encode of a few tens of milliseconds. {@code verify} checks the last result of each sample,
     * outside the timed span.
     */
    private <T> Throughput measure(Action<T> action, Consumer<T> verify) throws ShareFileException {
        long calibration = System.nanoTime();
        verify.accept(action.run());
        long one = Math.max(1, System.nanoTime() - calibration);
        long target = Math.min(SAMPLE_NANOS, minNanos / MIN_RUNS);
        int batch = (int) Math.max(1, Math.min(MAX_BATCH, target / one));
        List<Long> wall = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        long total = 0;
        while (wall.size() < MAX_RUNS && (wall.size() < MIN_RUNS || total < minNanos)) {
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            T result = null;
            for (int i = 0; i < batch; i++) {
                result = action.run();
            }
            long elapsed = System.nanoTime() - start;
            cpu.add(processCpuNanos() - cpuStart);
            verify.accept(result);
            wall.add(elapsed);
            total += elapsed;
        }
        return new Throughput(mbPerS(median(wall), batch),
                cpu.get(0) < 0 ? Double.NaN : mbPerS(median(cpu), batch));
    }

    private double mbPerS(long nanos, int runs) {
        return (double) payload.length * runs / (Math.max(1, nanos) / 1e9) / 1e6;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** CPU time of the whole process in nanoseconds, or a negative number when unknown. */
    private static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }
}
