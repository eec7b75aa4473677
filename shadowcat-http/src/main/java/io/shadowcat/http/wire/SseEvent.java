package io.shadowcat.http.wire;

import java.nio.charset.StandardCharsets;

/**
 * One Server-Sent Event.
 *
 * @param id the event's {@code id} field, or null when it had none
 * @param event the event's type ({@code event} field), or null for the default {@code message}
 * @param data the event's data: its {@code data} lines joined by {@code \n}, as UTF-8 bytes
 */
public record SseEvent(String id, String event, byte[] data) {

    /** The event's data as text. */
    public String dataText() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** The event's type, {@code message} when it named none. */
    public String type() {
        return event == null || event.isEmpty() ? "message" : event;
    }

    /**
     * The event as it goes on the wire: {@code event:}, {@code id:} and one {@code data:} line per line of
     * the data, then the blank line that ends it.
     */
    public byte[] toWire() {
        StringBuilder out = new StringBuilder(data.length + 32);
        if (event != null) {
            out.append("event: ").append(event).append('\n');
        }
        if (id != null) {
            out.append("id: ").append(id).append('\n');
        }
        for (String line : dataText().split("\r\n|\r|\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        out.append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
