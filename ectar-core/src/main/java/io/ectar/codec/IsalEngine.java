package io.ectar.codec;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The Intel ISA-L engine: {@code ec_init_tables} prepares zfec's coefficients, {@code ec_encode_data}
 * multiplies with SIMD. Shares in direct memory are coded in place, through their native addresses;
 * shares on the Java heap are streamed through a per-thread native scratch area in cache-sized
 * segments (two copies per byte, which is what the direct-buffer API avoids).
 */
final class IsalEngine extends CodecEngine {

    /** Library names to try, the Debian soname first. */
    private static final String[] LIBRARY_NAMES = {"libisal.so.2", "isal"};

    /** Native scratch per thread, at most about this many bytes for all shares of one segment. */
    private static final int SCRATCH_BYTES = 1 << 20;
    private static final int MAX_SEGMENT = 64 << 10;

    private static final Optional<IsalEngine> INSTANCE;
    private static final String UNAVAILABLE_REASON;

    static {
        IsalEngine engine = null;
        String reason = null;
        try {
            Native.register(Isal.class, load());
            engine = new IsalEngine();
            engine.selfTest();
        } catch (LinkageError | RuntimeException e) {
            engine = null;
            reason = e.toString();
        }
        INSTANCE = Optional.ofNullable(engine);
        UNAVAILABLE_REASON = reason;
    }

    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    private IsalEngine() {
    }

    static Optional<IsalEngine> instance() {
        return INSTANCE;
    }

    static Optional<String> unavailableReason() {
        return Optional.ofNullable(UNAVAILABLE_REASON);
    }

    private static NativeLibrary load() {
        UnsatisfiedLinkError first = null;
        for (String name : LIBRARY_NAMES) {
            try {
                return NativeLibrary.getInstance(name);
            } catch (UnsatisfiedLinkError e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        throw first;
    }

    /** Proves the binding works on a tiny matrix before anyone relies on it. */
    private void selfTest() {
        byte[][] matrix = {{3, 2}};
        byte[][] in = {{1, 7}, {1, 9}};
        byte[][] out = {new byte[2]};
        coder(matrix).code(in, 0, out, 0, 2);
        for (int i = 0; i < 2; i++) {
            int expected = Gf256.mul(3, in[0][i]) ^ Gf256.mul(2, in[1][i]);
            if ((out[0][i] & 0xFF) != expected) {
                throw new IllegalStateException("ISA-L self-test gave wrong bytes");
            }
        }
    }

    @Override
    public String name() {
        return "isal";
    }

    @Override
    MatrixCoder coder(byte[][] matrix) {
        return new IsalCoder(matrix);
    }

    /** The two ISA-L functions, bound with JNA direct mapping. */
    static final class Isal {
        private Isal() {
        }

        static native void ec_init_tables(int k, int rows, Pointer a, Pointer gftbls);

        static native void ec_encode_data(int len, int k, int rows, Pointer gftbls, Pointer data, Pointer coding);
    }

    /** Index of the first output pointer in {@link Scratch#pointers}, after room for 256 inputs. */
    private static final int CODING = 256;

    /**
     * Per-thread native memory: staging segments for shares on the heap, and the two pointer arrays
     * ISA-L reads (inputs at 0, outputs at {@link #CODING}).
     */
    private static final class Scratch {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(SCRATCH_BYTES);
        final long base = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
        final Memory pointers = new Memory(2L * CODING * Native.POINTER_SIZE);
        final Pointer coding = pointers.share((long) CODING * Native.POINTER_SIZE);
        private final long[] slots = new long[2 * CODING];

        void setAddress(int slot, long address) {
            slots[slot] = address;
        }

        /** Copies the first k input and {@code rows} output addresses to native memory (two JNI calls, not k + rows). */
        void publish(int k, int rows) {
            if (Native.POINTER_SIZE == 8) {
                pointers.write(0, slots, 0, k);
                pointers.write(8L * CODING, slots, CODING, rows);
            } else {
                for (int i = 0; i < k; i++) {
                    pointers.setInt(4L * i, (int) slots[i]);
                }
                for (int r = 0; r < rows; r++) {
                    pointers.setInt(4L * (CODING + r), (int) slots[CODING + r]);
                }
            }
        }
    }

    private final class IsalCoder extends MatrixCoder {
        private final Memory tables;

        IsalCoder(byte[][] matrix) {
            super(matrix);
            Memory coefficients = new Memory(Math.max(1, (long) rows * k));
            for (int r = 0; r < rows; r++) {
                coefficients.write((long) r * k, matrix[r], 0, k);
            }
            tables = new Memory(Math.max(1, 32L * k * rows));
            if (rows > 0) {
                Isal.ec_init_tables(k, rows, coefficients, tables);
            }
        }

        @Override
        boolean codesInPlace(boolean direct) {
            return direct;
        }

        @Override
        void codeChecked(Spans inputs, int inputOffset, Spans outputs, int outputOffset, int length) {
            Scratch s = scratch.get();
            if (inputs.direct() && outputs.direct()) {
                pointTo(s, inputs, inputOffset, outputs, outputOffset, 0);
                s.publish(k, rows);
                Isal.ec_encode_data(length, k, rows, tables, s.pointers, s.coding);
                // The buffers own the memory ISA-L was pointed at: they must outlive the call.
                Reference.reachabilityFence(inputs);
                Reference.reachabilityFence(outputs);
                return;
            }
            int shares = k + rows;
            int segment = Math.min(MAX_SEGMENT, (SCRATCH_BYTES / shares) & ~63);
            ByteBuffer buffer = s.buffer;
            if (!inputs.direct()) {
                for (int j = 0; j < k; j++) {
                    s.setAddress(j, s.base + (long) j * segment);
                }
            }
            if (!outputs.direct()) {
                for (int r = 0; r < rows; r++) {
                    s.setAddress(CODING + r, s.base + (long) (k + r) * segment);
                }
            }
            for (int start = 0; start < length; start += segment) {
                int n = Math.min(segment, length - start);
                pointTo(s, inputs.direct() ? inputs : null, inputOffset, outputs.direct() ? outputs : null,
                        outputOffset, start);
                if (!inputs.direct()) {
                    for (int j = 0; j < k; j++) {
                        buffer.put(j * segment, inputs.array(j), inputs.arrayOffset(j) + inputOffset + start, n);
                    }
                }
                s.publish(k, rows);
                Isal.ec_encode_data(n, k, rows, tables, s.pointers, s.coding);
                if (!outputs.direct()) {
                    for (int r = 0; r < rows; r++) {
                        buffer.get((k + r) * segment, outputs.array(r), outputs.arrayOffset(r) + outputOffset + start,
                                n);
                    }
                }
            }
            Reference.reachabilityFence(inputs);
            Reference.reachabilityFence(outputs);
        }

        /** Points ISA-L's input and output arrays at the direct spans given (null: leave that side alone). */
        private void pointTo(Scratch s, Spans inputs, int inputOffset, Spans outputs, int outputOffset, int start) {
            if (inputs != null) {
                for (int j = 0; j < k; j++) {
                    s.setAddress(j, inputs.address(j) + inputOffset + start);
                }
            }
            if (outputs != null) {
                for (int r = 0; r < rows; r++) {
                    s.setAddress(CODING + r, outputs.address(r) + outputOffset + start);
                }
            }
        }
    }
}
