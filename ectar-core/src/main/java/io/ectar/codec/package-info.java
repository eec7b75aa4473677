/**
 * Reed-Solomon erasure coding over GF(2^8), byte-compatible with zfec: the encoding matrix, the share
 * header and the share-file stripe layout, with a pure-Java engine and an ISA-L engine.
 *
 * <p>API: {@link io.ectar.codec.ZfecCodec} (encode and decode: Java arrays, direct or heap
 * {@code ByteBuffer}s, and streams),
 * {@link io.ectar.codec.ShareHeader}, {@link io.ectar.codec.PayloadBytes} (a decoded payload as views of its
 * shares), {@link io.ectar.codec.CodecEngine} (which engine codes) and
 * {@link io.ectar.codec.ShareFileException}. The engines, the buffers of one coding call
 * ({@code Spans}), the matrix and GF(2^8) arithmetic are package-private.
 */
package io.ectar.codec;
