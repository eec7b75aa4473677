package io.shadowcat.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A tape's lines read back as JSON Lines text, a page of rows at a time: memory stays bounded by one page
 * however long the tape. Lines committed while it reads are read too, up to the end it reaches.
 */
final class RecordStream extends InputStream {

    static final int PAGE = 1000;

    /** (lines after this n, at most count) -> the lines and the last n read. */
    record Chunk(List<String> lines, int lastN) {
    }

    private final BiFunction<Integer, Integer, Chunk> pageAfter;
    private int after = -1;
    private byte[] buffer = new byte[0];
    private int pos;
    private boolean end;

    RecordStream(BiFunction<Integer, Integer, Chunk> pageAfter) {
        this.pageAfter = pageAfter;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos == buffer.length) {
            if (end || !fill()) {
                return -1;
            }
        }
        int n = Math.min(len, buffer.length - pos);
        System.arraycopy(buffer, pos, b, off, n);
        pos += n;
        return n;
    }

    private boolean fill() {
        Chunk chunk = pageAfter.apply(after, PAGE);
        if (chunk.lines().isEmpty()) {
            end = true;
            return false;
        }
        StringBuilder text = new StringBuilder();
        for (String line : chunk.lines()) {
            text.append(line).append('\n');
        }
        after = chunk.lastN();
        end = chunk.lines().size() < PAGE;
        buffer = text.toString().getBytes(StandardCharsets.UTF_8);
        pos = 0;
        return true;
    }
}
