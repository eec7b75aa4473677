package io.shadowcat.storage.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link io.shadowcat.tape.JsonLinesTapeWriter} writes, cut into its lines (without the newline), for
 * providers that store a tape as one entry or row per JSON Lines record. Support for provider authors.
 *
 * <p>Not thread-safe: owned by one writer, under that writer's lock.
 */
public final class RecordLines extends OutputStream {

    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private List<String> lines = new ArrayList<>();
    private long bytes; // of the complete lines written so far, newlines included

    @Override
    public void write(int b) {
        if (b == '\n') {
            lines.add(partial.toString(StandardCharsets.UTF_8));
            bytes += partial.size() + 1;
            partial.reset();
        } else {
            partial.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                partial.write(b, start, i - start);
                write('\n');
                start = i + 1;
            }
        }
        partial.write(b, start, off + len - start);
    }

    /** The complete lines written since the last call. */
    public List<String> take() {
        List<String> out = lines;
        lines = new ArrayList<>();
        return out;
    }

    /** Puts lines back in front (their commit failed). */
    public void restore(List<String> taken) {
        List<String> all = new ArrayList<>(taken);
        all.addAll(lines);
        lines = all;
    }

    /** How many complete lines wait to be taken. */
    public int waiting() {
        return lines.size();
    }

    /** Bytes of every complete line written, newlines included. */
    public long bytes() {
        return bytes;
    }
}
