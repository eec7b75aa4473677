package io.ectar.format;

import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The header in front of every chunk payload of format version 2: which archive the chunk belongs to, its
 * number, and the length and CRC-32C of the zstd frame that follows. It is a zstd <em>skippable frame</em>
 * (magic {@code 0x184D2A5E}), so {@code zstd -d} passes over it and concatenated payloads still decompress
 * to the tar stream.
 *
 * <p>Layout, little-endian, {@value #SIZE} bytes: skippable magic (4), user data length 48 (4), then the
 * data: {@code "ECTARCHK"} (8), format version 2 (2), zero (2), chunk number (4), archive id (16), frame
 * length (8), CRC-32C of the frame (4), CRC-32C of the 44 data bytes before it (4).
 *
 * @param archiveId   32 lower-case hex digits, random per archive
 * @param chunk       the chunk's number, from 1
 * @param frameLength bytes of the zstd frame after the header
 * @param frameCrc    CRC-32C of those bytes
 */
public record ChunkHeader(String archiveId, int chunk, long frameLength, int frameCrc) {

    /** Bytes of the header, skippable frame magic and length included. */
    public static final int SIZE = 56;
    /** The payload format version that has this header. */
    public static final int VERSION = 2;

    private static final int MAGIC = 0x184D2A5E;
    private static final int DATA = SIZE - 8;
    private static final byte[] TAG = {'E', 'C', 'T', 'A', 'R', 'C', 'H', 'K'};
    private static final java.lang.invoke.VarHandle INT = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle LONG = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    public ChunkHeader {
        Objects.requireNonNull(archiveId, "archiveId");
        if (!isArchiveId(archiveId)) {
            throw new IllegalArgumentException("an archive id is 32 lower-case hex digits, got '" + archiveId + "'");
        }
        if (chunk < 1 || frameLength < 0) {
            throw new IllegalArgumentException("bad chunk header: chunk " + chunk + ", frame of " + frameLength);
        }
    }

    /** A new random archive id. */
    public static String newArchiveId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return HEX.formatHex(id);
    }

    /** Whether {@code id} has the form of an archive id (32 lower-case hex digits). */
    public static boolean isArchiveId(String id) {
        return id != null && id.matches("[0-9a-f]{32}");
    }

    /** The header of the frame in {@code payload[SIZE, length)}: computes its length and CRC-32C. */
    public static ChunkHeader of(String archiveId, int chunk, byte[] payload, int length) {
        return new ChunkHeader(archiveId, chunk, length - SIZE, crc(payload, SIZE, length - SIZE));
    }

    /** Writes the header into {@code into[0, SIZE)}. */
    public void writeTo(byte[] into) {
        INT.set(into, 0, MAGIC);
        INT.set(into, 4, DATA);
        System.arraycopy(TAG, 0, into, 8, TAG.length);
        into[16] = (byte) VERSION;
        into[17] = 0;
        into[18] = 0;
        into[19] = 0;
        INT.set(into, 20, chunk);
        System.arraycopy(HEX.parseHex(archiveId), 0, into, 24, 16);
        LONG.set(into, 40, frameLength);
        INT.set(into, 48, frameCrc);
        INT.set(into, 52, crc(into, 8, DATA - 4));
    }

    /** Whether {@code bytes} begin with this header's skippable frame magic and tag (not that it is valid). */
    public static boolean startsWithHeader(byte[] bytes) {
        if (bytes.length < 16 || (int) INT.get(bytes, 0) != MAGIC) {
            return false;
        }
        return java.util.Arrays.equals(bytes, 8, 16, TAG, 0, TAG.length);
    }

    /**
     * Parses the header at the start of {@code bytes} (at least {@value #SIZE} of them).
     *
     * @throws ChunkHeaderException when it is not an ectar chunk header, its own CRC does not match, or it
     *                              is of a newer version
     */
    public static ChunkHeader parse(byte[] bytes) throws ChunkHeaderException {
        if (bytes.length < SIZE || !startsWithHeader(bytes) || (int) INT.get(bytes, 4) != DATA) {
            throw new ChunkHeaderException("no ectar chunk header");
        }
        if ((int) INT.get(bytes, 52) != crc(bytes, 8, DATA - 4)) {
            throw new ChunkHeaderException("the chunk header is damaged (CRC-32C mismatch)");
        }
        int version = (bytes[16] & 0xFF) | (bytes[17] & 0xFF) << 8;
        if (version != VERSION) {
            throw new ChunkHeaderException("chunk header version " + version + " is not " + VERSION
                    + "; use a newer ectar");
        }
        int chunk = (int) INT.get(bytes, 20);
        long frameLength = (long) LONG.get(bytes, 40);
        if (chunk < 1 || frameLength < 0) {
            throw new ChunkHeaderException("the chunk header says chunk " + Integer.toUnsignedString(chunk)
                    + " with a frame of " + frameLength + " bytes");
        }
        return new ChunkHeader(HEX.formatHex(bytes, 24, 40), chunk, frameLength, (int) INT.get(bytes, 48));
    }

    /**
     * Checks that {@code payload[SIZE, length)} is the frame this header describes.
     *
     * @return what is wrong, empty when it is
     */
    public Optional<String> frameProblem(byte[] payload, int length) {
        if (length - SIZE != frameLength) {
            return Optional.of("the chunk header announces a frame of " + frameLength + " bytes, there are "
                    + (length - SIZE));
        }
        if (crc(payload, SIZE, length - SIZE) != frameCrc) {
            return Optional.of("the chunk's frame does not match its CRC-32C");
        }
        return Optional.empty();
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, offset, length);
        return (int) c.getValue();
    }
}
