package io.ectar.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * zfec's share-file layout and the work over it. The payload is cut into stripes of k x 4096 bytes;
 * the last stripe is cut into k blocks of ceil(rest / k) bytes, zero-padded. Share j holds block j of
 * every stripe in turn, so stripe s starts at position s x 4096 in every share.
 *
 * <p>Encoding splits a run of stripes into the data shares and codes the parity shares of exactly those
 * positions while they are still in cache; decoding rebuilds the missing data blocks straight into
 * the payload (through scratch for the last, padded stripe) and copies the intact blocks beside them.
 * Runs are spread over threads.
 */
final class Stripes {

    /** zfec's filefec CHUNKSIZE: the block size of every full stripe. */
    static final int BLOCK = 4096;

    /** Stripes coded together: 64 KiB of every share, small enough for the caches. */
    private static final int RUN = 4;

    private static final ThreadLocal<ByteBuffer> HEAP_SCRATCH = new ThreadLocal<>();
    private static final ThreadLocal<ByteBuffer> DIRECT_SCRATCH = new ThreadLocal<>();

    private final int k;
    private final int threads;

    Stripes(int k, int threads) {
        this.k = k;
        this.threads = threads;
    }

    /** The share data length (header excluded) for a payload of the given length. */
    long shareLength(long payloadLength) {
        long stripe = (long) k * BLOCK;
        long rest = payloadLength % stripe;
        return payloadLength / stripe * BLOCK + (rest + k - 1) / k;
    }

    /** The number of stripes, the last one possibly short, in a share of the given data length. */
    private static int stripes(int shareLength) {
        return (shareLength + BLOCK - 1) / BLOCK;
    }

    /**
     * Splits {@code payload[from, from + length)}, which starts at a stripe boundary, into
     * {@code shares[0..k)} at {@code shareOffset} and codes {@code shares[k..)} at the same positions
     * ({@code parity} may be null when there are no parity shares).
     */
    void encode(byte[] payload, int from, int length, byte[][] shares, int shareOffset, MatrixCoder parity) {
        encode(ByteBuffer.wrap(payload), from, length, Spans.wrap(shares), shareOffset, parity);
    }

    /**
     * {@link #encode(byte[], int, int, byte[][], int, MatrixCoder)} on buffers, by absolute index: the
     * payload may be on the heap or direct, the shares are either.
     */
    void encode(ByteBuffer payload, int from, int length, Spans shares, int shareOffset, MatrixCoder parity) {
        int shareLength = (int) shareLength(length);
        Spans parityShares = shares.range(k, shares.size());
        Spans dataShares = shares.range(0, k);
        inParallel(stripes(shareLength), (first, end) -> {
            for (int s = first; s < end; s += RUN) {
                int runEnd = Math.min(end, s + RUN);
                int position = s * BLOCK;
                int runLength = Math.min(shareLength, runEnd * BLOCK) - position;
                split(payload, from, length, s, runEnd, shares, shareOffset);
                if (parityShares.size() > 0) {
                    parity.code(dataShares, shareOffset + position, parityShares, shareOffset + position, runLength);
                }
            }
        });
    }

    /** Copies stripes [first, end) of the payload into the data shares, zero-padding a short last stripe. */
    private void split(ByteBuffer payload, int from, int length, int first, int end, Spans shares, int shareOffset) {
        int stripe = k * BLOCK;
        for (int s = first; s < end; s++) {
            int start = s * stripe;
            int rest = Math.min(stripe, length - start);
            int block = rest == stripe ? BLOCK : (rest + k - 1) / k;
            int at = shareOffset + s * BLOCK;
            for (int j = 0; j < k; j++) {
                int n = Math.max(0, Math.min(block, rest - j * block));
                if (n > 0) {
                    shares.buffer(j).put(at, payload, from + start + j * block, n);
                }
                if (n < block) {
                    shares.zero(j, at + n, block - n);
                }
            }
        }
    }

    /**
     * Rebuilds {@code payloadLength} payload bytes into {@code payload} at {@code payloadOffset} from k
     * shares of {@code shareLength} data bytes each, read at {@code inputOffset}.
     *
     * @param inputs       the k shares, in the column order of {@code missing}'s matrix
     * @param dataInput    for each data share j, its index in {@code inputs}, or -1 when it is missing
     * @param missing      rebuilds the missing data shares, in ascending order, from {@code inputs}
     */
    void decode(byte[][] inputs, int[] dataInput, int inputOffset, int shareLength, MatrixCoder missing,
            byte[] payload, int payloadOffset, long payloadLength) {
        decode(Spans.wrap(inputs), dataInput, inputOffset, shareLength, missing, ByteBuffer.wrap(payload),
                payloadOffset, payloadLength);
    }

    /**
     * {@link #decode(byte[][], int[], int, int, MatrixCoder, byte[], int, long)} on buffers, by absolute
     * index. When the engine codes both the inputs and the payload in place (no staging), the missing
     * blocks of the stripes that lie wholly inside the payload are rebuilt straight into it, one stripe
     * per call; all others, and those of the last, padded stripe, are rebuilt a run at a time into
     * scratch of the inputs' kind (direct or heap) and copied.
     */
    void decode(Spans inputs, int[] dataInput, int inputOffset, int shareLength, MatrixCoder missing,
            ByteBuffer payload, int payloadOffset, long payloadLength) {
        int missingCount = (int) Arrays.stream(dataInput).filter(i -> i < 0).count();
        boolean inPlace = missingCount > 0 && missing.codesInPlace(inputs.direct())
                && missing.codesInPlace(payload.isDirect());
        int whole = inPlace ? (int) Math.min(stripes(shareLength), payloadLength / ((long) k * BLOCK)) : 0;
        Spans targets = missingCount == 0 || whole == 0 ? null
                : targets(payload, payloadOffset, whole, dataInput, missingCount);
        inParallel(stripes(shareLength), (first, end) -> {
            Spans rebuilt = null;
            for (int s = first; s < end; s += RUN) {
                int runEnd = Math.min(end, s + RUN);
                int from = Math.max(s, whole);
                if (missingCount > 0) {
                    for (int t = s; t < Math.min(runEnd, whole); t++) {
                        missing.code(inputs, inputOffset + t * BLOCK, targets, t * k * BLOCK, BLOCK);
                    }
                    if (from < runEnd) {
                        int position = from * BLOCK;
                        int runLength = Math.min(shareLength, runEnd * BLOCK) - position;
                        rebuilt = rebuilt != null ? rebuilt : rebuilt(missingCount, inputs.direct());
                        missing.code(inputs, inputOffset + position, rebuilt, 0, runLength);
                    }
                }
                join(inputs, dataInput, inputOffset, rebuilt, from, s, runEnd, whole, shareLength, payload,
                        payloadOffset, payloadLength);
            }
        });
    }

    /**
     * Where the missing data blocks of the first {@code whole} stripes go in the payload: for missing
     * share j, a slice starting at block j of stripe 0, so that stripe t's block is at t x k x BLOCK in it.
     */
    private Spans targets(ByteBuffer payload, int payloadOffset, int whole, int[] dataInput, int missingCount) {
        ByteBuffer[] slices = new ByteBuffer[missingCount];
        int r = 0;
        for (int j = 0; j < k; j++) {
            if (dataInput[j] < 0) {
                slices[r++] = payload.slice(payloadOffset + j * BLOCK, whole * k * BLOCK - j * BLOCK);
            }
        }
        return Spans.of(slices);
    }

    /** Scratch for {@code count} rebuilt shares of one run: this thread's own, reused across calls. */
    private static Spans rebuilt(int count, boolean direct) {
        ThreadLocal<ByteBuffer> cache = direct ? DIRECT_SCRATCH : HEAP_SCRATCH;
        int bytes = count * RUN * BLOCK;
        ByteBuffer scratch = cache.get();
        if (scratch == null || scratch.capacity() < bytes) {
            scratch = direct ? ByteBuffer.allocateDirect(bytes) : ByteBuffer.allocate(bytes);
            cache.set(scratch);
        }
        ByteBuffer[] buffers = new ByteBuffer[count];
        for (int r = 0; r < count; r++) {
            buffers[r] = scratch.slice(r * RUN * BLOCK, RUN * BLOCK);
        }
        return Spans.of(buffers);
    }

    /**
     * Copies the blocks of stripes [first, end) into the payload, dropping what lies past its length:
     * the intact ones from the inputs, the rebuilt ones of stripes from {@code rebuiltFrom} on from
     * {@code rebuilt} (those of stripes before {@code whole} are in place already).
     */
    private void join(Spans inputs, int[] dataInput, int inputOffset, Spans rebuilt, int rebuiltFrom, int first,
            int end, int whole, int shareLength, ByteBuffer payload, int payloadOffset, long payloadLength) {
        int stripe = k * BLOCK;
        for (int s = first; s < end; s++) {
            int block = Math.min(BLOCK, shareLength - s * BLOCK);
            long start = (long) s * stripe;
            int r = 0;
            for (int j = 0; j < k; j++) {
                long at = start + (long) j * block;
                int n = (int) Math.max(0, Math.min(block, payloadLength - at));
                if (dataInput[j] >= 0) {
                    if (n > 0) {
                        payload.put(payloadOffset + (int) at, inputs.buffer(dataInput[j]), inputOffset + s * BLOCK, n);
                    }
                } else {
                    if (n > 0 && s >= whole) {
                        payload.put(payloadOffset + (int) at, rebuilt.buffer(r), (s - rebuiltFrom) * BLOCK, n);
                    }
                    r++;
                }
            }
        }
    }

    /** A task over the stripe range [first, end). */
    private interface RangeTask {
        void run(int first, int end);
    }

    /** Runs the task over [0, stripes) in up to {@code threads} contiguous, RUN-aligned ranges. */
    private void inParallel(int stripes, RangeTask task) {
        int runs = (stripes + RUN - 1) / RUN;
        int parts = Math.min(threads, runs);
        if (parts <= 1) {
            task.run(0, stripes);
            return;
        }
        int runsPerPart = (runs + parts - 1) / parts;
        IntStream.range(0, parts).parallel().forEach(p -> {
            int first = p * runsPerPart * RUN;
            int end = Math.min(stripes, first + runsPerPart * RUN);
            if (first < end) {
                task.run(first, end);
            }
        });
    }
}
