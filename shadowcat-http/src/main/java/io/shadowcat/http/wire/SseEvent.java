package io.shadowcat.http.wire;

/**
 * One server-sent event, as the HTML Living Standard's {@code text/event-stream} frames it.
 *
 * @param id the event id ({@code id:} field), or null for none
 * @param event the event type ({@code event:} field), or null for the default ({@code message})
 * @param data the event's data; each line of it becomes one {@code data:} field
 */
public record SseEvent(String id, String event, String data) {

    public SseEvent {
        if (data == null) {
            throw new IllegalArgumentException("an SSE event needs data");
        }
        if (id != null && (id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException("an SSE event id cannot span lines: " + id);
        }
        if (event != null && (event.indexOf('\n') >= 0 || event.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException("an SSE event type cannot span lines: " + event);
        }
    }

    /** The event as written on the stream, ending with the blank line that dispatches it. */
    public String toWire() {
        StringBuilder out = new StringBuilder(data.length() + 48);
        if (id != null) {
            out.append("id: ").append(id).append('\n');
        }
        if (event != null) {
            out.append("event: ").append(event).append('\n');
        }
        // CR, LF and CRLF all end a line in an event stream: each line is a data field of its own.
        for (String line : data.split("\r\n|\r|\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        return out.append('\n').toString();
    }
}
