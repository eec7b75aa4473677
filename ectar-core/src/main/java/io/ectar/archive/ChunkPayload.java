package io.ectar.archive;

/**
 * One chunk on its way from the tar writer to the encoder: {@code length} bytes of {@code bytes} are the
 * payload (a zstd frame, or the plain tar slice when compression is off).
 */
record ChunkPayload(int number, byte[] bytes, int length, long uncompressedOffset, long uncompressedLength) {
}
