package io.shadowcat.storage.support;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A tape's stored lines read back as JSON Lines text, a page at a time, so that memory stays bounded by one
 * page however long the tape; lines stored while it reads are read too, up to the end it reaches. For
 * providers that keep one entry or row per record (feed it to {@link io.shadowcat.tape.JsonLinesTapeReader}).
 * Support for provider authors.
 *
 * @param <C> where a page ends (a stream entry id, a row number), from which the next page starts
 */
public final class PagedLines<C> extends InputStream {

    /**
     * One page read.
     *
     * @param lines the lines, without newlines, in order
     * @param last  where the page ended
     */
    public record Page<C>(List<String> lines, C last) {
    }

    private final BiFunction<C, Integer, Page<C>> pageAfter;
    private final int pageSize;
    private C after;
    private byte[] buffer = new byte[0];
    private int pos;
    private boolean end;

    /**
     * @param start     the cursor before the first line
     * @param pageSize  lines per page; a shorter page is the last
     * @param pageAfter reads up to {@code count} lines after a cursor
     */
    public PagedLines(C start, int pageSize, BiFunction<C, Integer, Page<C>> pageAfter) {
        this.after = start;
        this.pageSize = pageSize;
        this.pageAfter = pageAfter;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
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
        Page<C> page = pageAfter.apply(after, pageSize);
        if (page.lines().isEmpty()) {
            end = true;
            return false;
        }
        StringBuilder text = new StringBuilder();
        for (String line : page.lines()) {
            text.append(line).append('\n');
        }
        after = page.last();
        end = page.lines().size() < pageSize;
        buffer = text.toString().getBytes(StandardCharsets.UTF_8);
        pos = 0;
        return true;
    }
}
