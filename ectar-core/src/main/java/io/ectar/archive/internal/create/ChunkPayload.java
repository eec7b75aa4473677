package io.ectar.archive.internal.create;

/**
 * One chunk on its way from the tar writer to the encoder: {@code length} bytes of {@code bytes} are the
 * payload (a zstd frame, or the plain tar slice when compression is off). Whoever codes it calls
 * {@link #release()} afterwards, so the buffer can carry another chunk.
 */
public record ChunkPayload(int number, byte[] bytes, int length, long uncompressedOffset, long uncompressedLength,
        Runnable releaser) {

    void release() {
        releaser.run();
    }
}
