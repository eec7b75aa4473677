package io.ectar.tape;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The layout of every tape of a set: file 0 holds the {@link TapeLabel}; files 1..N hold this tape's
 * shard of chunks 1..N; then the trailer (this tape's index shard, the recovery text, the archive index,
 * and last the {@link TapeDirectory}); then one more filemark, so the end of data is a double filemark.
 */
public final class TapeSetLayout {

    /** Records are 256 KiB unless told otherwise. */
    public static final int DEFAULT_BLOCK_SIZE = 256 * 1024;
    /** The smallest block size accepted. */
    public static final int MIN_BLOCK_SIZE = 512;
    /** The largest block size accepted (SIMH images hold records below 16 MiB; HBAs rarely take more). */
    public static final int MAX_BLOCK_SIZE = 8 * 1024 * 1024;

    /** The file that holds the label. */
    public static final long LABEL_FILE = 0;

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private TapeSetLayout() {
    }

    /** The tape file that holds chunk {@code chunk} (chunks count from 1). */
    public static long chunkFile(int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunks count from 1, got " + chunk);
        }
        return chunk;
    }

    /**
     * {@code blockSize}, when the layout allows records that size ({@link #MIN_BLOCK_SIZE} to
     * {@link #MAX_BLOCK_SIZE}).
     */
    public static int requireBlockSize(int blockSize) {
        if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("block size must be " + MIN_BLOCK_SIZE + " bytes to "
                    + (MAX_BLOCK_SIZE >> 20) + " MiB, got " + blockSize);
        }
        return blockSize;
    }

    /**
     * A text record: a magic first line, then JSON, so {@code dd} and {@code strings} show it; indented
     * when {@code pretty} (small things a person reads), compact otherwise (the directory can be large).
     */
    static byte[] encode(String magic, Object value, boolean pretty) {
        try {
            String json = pretty ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value)
                    : JSON.writeValueAsString(value);
            return (magic + "\n" + json + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + value, e);
        }
    }

    /**
     * Decodes {@link #encode} output, ignoring zero padding after it (fixed-block tapes).
     *
     * @return null when the bytes do not start with {@code magic}
     */
    static <T> T decode(String magic, byte[] bytes, int length, Class<T> type) throws IOException {
        byte[] prefix = (magic + "\n").getBytes(StandardCharsets.UTF_8);
        if (length < prefix.length || !Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length)) {
            return null;
        }
        int end = length;
        while (end > prefix.length && bytes[end - 1] == 0) {
            end--;
        }
        return JSON.readValue(bytes, prefix.length, end - prefix.length, type);
    }
}
