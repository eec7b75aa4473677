package io.ectar.tape;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * The last file of a volume that is not its tape's last: the catalog of this cartridge (which logical
 * files and chunks it holds, with their lengths and CRC-32C) and that the tape goes on on volume
 * {@code volume + 1}. With it a lone cartridge explains itself, and a reader that finds it at the end of
 * data knows it has not reached the tape's last volume, where the {@link TapeDirectory} is.
 *
 * <p>On tape: the line {@value #MAGIC}, then compact JSON with snake_case names, in records of the block
 * size, then the end-of-data double filemark.
 *
 * @param setId the set
 * @param tape the tape index
 * @param volume this volume's sequence number
 * @param firstFile the first logical file on it (physical file 1)
 * @param files what it holds, in order
 */
public record VolumeTrailer(String setId, int tape, int volume, long firstFile, List<VolumeFile> files) {

    /** The first line of a volume trailer. */
    public static final String MAGIC = "ECTAR VOLUME TRAILER 1";

    public VolumeTrailer {
        Objects.requireNonNull(setId, "setId");
        files = List.copyOf(files);
    }

    /**
     * One file of the volume.
     *
     * @param file the logical file number (as in the {@link TapeDirectory})
     * @param physical the tape file on this cartridge
     * @param chunk the chunk it holds this tape's shard of
     * @param length true bytes
     * @param records records
     * @param crc32c CRC-32C, 8 hex digits
     */
    public record VolumeFile(long file, long physical, int chunk, long length, long records, String crc32c) {
    }

    /** The trailer as written on tape (before cutting into records). */
    public byte[] encode() {
        return TapeSetLayout.encode(MAGIC, this, false);
    }

    /** The trailer in {@code bytes}, or null when they are not one. */
    public static VolumeTrailer decode(byte[] bytes, int length) throws IOException {
        return TapeSetLayout.decode(MAGIC, bytes, length, VolumeTrailer.class);
    }
}
