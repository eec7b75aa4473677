package io.ectar.codec;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The shares one coding call reads or writes: an ordered set of byte buffers addressed by absolute
 * index (positions and limits are ignored), all on the Java heap or all in direct memory. Heap spans
 * expose their arrays so that the Java engine works on them in place; direct spans expose their
 * native addresses so that ISA-L works on them in place. Either engine also takes the other kind,
 * staging it through scratch memory of its own.
 *
 * <p>Immutable; the bytes behind it are not (they are what the call codes).
 */
final class Spans {

    private static final ByteBuffer HEAP_ZEROS = ByteBuffer.allocate(Stripes.BLOCK);
    private static final ByteBuffer DIRECT_ZEROS = ByteBuffer.allocateDirect(Stripes.BLOCK);

    private final ByteBuffer[] buffers;
    private final boolean direct;

    /** Native addresses of index 0 of each buffer when direct, else null (looked up on first use). */
    private long[] addresses;

    private Spans(ByteBuffer[] buffers, boolean direct, long[] addresses) {
        this.buffers = buffers;
        this.direct = direct;
        this.addresses = addresses;
    }

    /**
     * Spans over the given buffers, index 0 of each being index 0 of the span.
     *
     * @throws IllegalArgumentException when direct and heap buffers are mixed, or a heap buffer has no
     *                                  accessible array (read-only)
     */
    static Spans of(ByteBuffer... buffers) {
        boolean direct = buffers.length > 0 && buffers[0].isDirect();
        for (ByteBuffer b : buffers) {
            if (b.isDirect() != direct) {
                throw new IllegalArgumentException("share buffers mix direct and heap memory; use one kind for all");
            }
            if (!direct && !b.hasArray()) {
                throw new IllegalArgumentException("a heap share buffer is read-only; give writable buffers");
            }
        }
        return new Spans(buffers.clone(), direct, null);
    }

    /** Heap spans over whole arrays: index i of the span is index i of the array. */
    static Spans wrap(byte[][] arrays) {
        ByteBuffer[] buffers = new ByteBuffer[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            buffers[i] = ByteBuffer.wrap(arrays[i]);
        }
        return new Spans(buffers, false, null);
    }

    /** The number of buffers. */
    int size() {
        return buffers.length;
    }

    /** Whether the buffers are direct (native) memory; otherwise they are heap arrays. */
    boolean direct() {
        return direct;
    }

    /** Buffer i; index 0 of the span is index 0 of the buffer. */
    ByteBuffer buffer(int i) {
        return buffers[i];
    }

    /** The array behind heap buffer i. */
    byte[] array(int i) {
        return buffers[i].array();
    }

    /** Where index 0 of heap buffer i lies in its {@link #array(int) array}. */
    int arrayOffset(int i) {
        return buffers[i].arrayOffset();
    }

    /** The native address of index 0 of direct buffer i. */
    long address(int i) {
        long[] a = addresses;
        if (a == null) {
            a = new long[buffers.length];
            for (int j = 0; j < buffers.length; j++) {
                a[j] = Pointer.nativeValue(Native.getDirectBufferPointer(buffers[j]));
            }
            addresses = a; // a benign race: every thread computes the same values
        }
        return a[i];
    }

    /** Buffers [from, to) of these spans. */
    Spans range(int from, int to) {
        ByteBuffer[] part = Arrays.copyOfRange(buffers, from, to);
        long[] a = addresses;
        return new Spans(part, direct, a == null ? null : Arrays.copyOfRange(a, from, to));
    }

    /** The buffers at the given indexes, in that order. */
    Spans select(int[] indexes) {
        ByteBuffer[] part = new ByteBuffer[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            part[i] = buffers[indexes[i]];
        }
        return new Spans(part, direct, null);
    }

    /**
     * Checks that every buffer holds indexes [index, index + length) below its limit, before an engine
     * touches them through an array or a native address.
     *
     * @throws IndexOutOfBoundsException when one does not
     */
    void checkRange(int index, int length) {
        for (ByteBuffer b : buffers) {
            Objects.checkFromIndexSize(index, length, b.limit());
        }
    }

    /** Overwrites {@code length} bytes (at most {@link Stripes#BLOCK}) of buffer i from {@code index} with zeros. */
    void zero(int i, int index, int length) {
        buffers[i].put(index, direct ? DIRECT_ZEROS : HEAP_ZEROS, 0, length);
    }
}
