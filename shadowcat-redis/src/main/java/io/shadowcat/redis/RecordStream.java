package io.shadowcat.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;
import redis.clients.jedis.resps.StreamEntry;

/**
 * A tape's records stream read as JSON Lines text, a page of entries at a time: memory stays bounded by one
 * page however long the tape. Entries added while it reads are read too, up to the end it reaches.
 */
final class RecordStream extends InputStream {

    static final int PAGE = 512;

    private final BiFunction<String, Integer, List<StreamEntry>> pageAfter; // (exclusive start, count) -> entries
    private String after = "-";
    private byte[] buffer = new byte[0];
    private int pos;
    private boolean end;

    /** @param pageAfter reads up to {@code count} entries after an entry id ({@code "-"}: from the start) */
    RecordStream(BiFunction<String, Integer, List<StreamEntry>> pageAfter) {
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
        List<StreamEntry> entries = pageAfter.apply(after, PAGE);
        if (entries.isEmpty()) {
            end = true;
            return false;
        }
        StringBuilder text = new StringBuilder();
        for (StreamEntry e : entries) {
            String line = e.getFields().get("l");
            if (line != null) {
                text.append(line).append('\n');
            }
        }
        after = "(" + entries.get(entries.size() - 1).getID();
        end = entries.size() < PAGE;
        buffer = text.toString().getBytes(StandardCharsets.UTF_8);
        pos = 0;
        return true;
    }
}
