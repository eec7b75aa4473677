package io.shadowcat.http.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Cuts an SSE stream into events as its bytes arrive, in chunks of any size (the WHATWG event stream
 * rules: lines end with CRLF, LF or CR; {@code data} lines are joined by {@code \n}; a blank line
 * dispatches; comments and unknown fields are skipped; {@code retry} is ignored). An event whose data grows
 * past {@code maxEventBytes} is not buffered further: it is reported as {@link Listener#oversized} instead,
 * so a runaway stream cannot exhaust memory. Only reads the bytes it is fed; not thread-safe.
 */
public final class SseEventParser {

    /** Receives the events. */
    public interface Listener {
        /** A complete event (events without data are skipped, as a browser does). */
        void event(SseEvent event);

        /** An event too large to keep; {@code id} is its id, or null. */
        default void oversized(String id) {
        }
    }

    private final int maxEventBytes;
    private final Listener listener;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final ByteArrayOutputStream data = new ByteArrayOutputStream(1024);
    private boolean hasData;
    private boolean overflow;
    private String id;
    private String event;
    private boolean afterCr;
    private boolean firstLine = true;

    public SseEventParser(int maxEventBytes, Listener listener) {
        if (maxEventBytes < 1) {
            throw new IllegalArgumentException("maxEventBytes must be >= 1, got " + maxEventBytes);
        }
        this.maxEventBytes = maxEventBytes;
        this.listener = listener;
    }

    /** Consumes the buffer's remaining bytes (its position is left unchanged). */
    public void feed(ByteBuffer chunk) {
        ByteBuffer b = chunk.slice();
        while (b.hasRemaining()) {
            byte c = b.get();
            if (afterCr) {
                afterCr = false;
                if (c == '\n') {
                    continue; // the LF of a CRLF
                }
            }
            if (c == '\n') {
                endLine();
            } else if (c == '\r') {
                afterCr = true;
                endLine();
            } else if (line.size() <= maxEventBytes) {
                line.write(c);
            } else {
                overflow = true;
            }
        }
    }

    /** The stream ended: an event not ended by a blank line is dropped, as the SSE rules say. */
    public void finish() {
        line.reset();
        data.reset();
        hasData = false;
        overflow = false;
    }

    private void endLine() {
        byte[] bytes = line.toByteArray();
        line.reset();
        int start = 0;
        if (firstLine) {
            firstLine = false;
            if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
                start = 3; // a byte order mark before the first line
            }
        }
        if (bytes.length - start == 0) {
            dispatch();
            return;
        }
        if (bytes[start] == ':') {
            return; // a comment (keep-alive)
        }
        int colon = -1;
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == ':') {
                colon = i;
                break;
            }
        }
        String field = new String(bytes, start, (colon < 0 ? bytes.length : colon) - start, StandardCharsets.UTF_8);
        int valueStart = colon < 0 ? bytes.length : colon + 1;
        if (valueStart < bytes.length && bytes[valueStart] == ' ') {
            valueStart++;
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.write('\n');
                }
                hasData = true;
                if (data.size() + bytes.length - valueStart > maxEventBytes) {
                    overflow = true;
                } else {
                    data.write(bytes, valueStart, bytes.length - valueStart);
                }
            }
            case "id" -> {
                String value = new String(bytes, valueStart, bytes.length - valueStart, StandardCharsets.UTF_8);
                if (value.indexOf('\0') < 0) {
                    id = value;
                }
            }
            case "event" -> event = new String(bytes, valueStart, bytes.length - valueStart, StandardCharsets.UTF_8);
            default -> {
                // retry and unknown fields carry nothing to record
            }
        }
    }

    private void dispatch() {
        String eventId = id == null || id.isEmpty() ? null : id;
        if (overflow) {
            listener.oversized(eventId);
        } else if (hasData) {
            listener.event(new SseEvent(eventId, event, data.toByteArray()));
        }
        data.reset();
        hasData = false;
        overflow = false;
        event = null;
        // each event records its own id field: an event without one has none on the tape
        id = null;
    }
}
