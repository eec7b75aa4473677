package io.shadowcat.http.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventParserTest {

    private final List<SseEvent> events = new ArrayList<>();
    private final List<String> oversized = new ArrayList<>();

    private SseEventParser parser(int max) {
        return new SseEventParser(max, new SseEventParser.Listener() {
            @Override
            public void event(SseEvent event) {
                events.add(event);
            }

            @Override
            public void oversized(String id) {
                oversized.add(id);
            }
        });
    }

    private static void feedBytewise(SseEventParser parser, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            parser.feed(ByteBuffer.wrap(new byte[] {b}));
        }
    }

    @Test
    void eventsSplitAcrossChunksAtEveryByteComeOutWhole() {
        SseEventParser p = parser(1 << 20);
        feedBytewise(p, "event: message\r\nid: 7\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n: keep-alive\n\nid: 8\rdata: x\r\r");
        assertEquals(2, events.size());
        assertEquals("7", events.get(0).id());
        assertEquals("message", events.get(0).event());
        assertEquals("{\"a\":\n1}", events.get(0).dataText());
        assertEquals("8", events.get(1).id());
        assertNull(events.get(1).event());
        assertEquals("x", events.get(1).dataText());
    }

    @Test
    void anEventWithoutItsBlankLineIsNotDispatchedAndOneWithoutDataIsSkipped() {
        SseEventParser p = parser(1 << 20);
        p.feed(ByteBuffer.wrap("id: 1\nevent: ping\n\ndata: cut".getBytes(StandardCharsets.UTF_8)));
        p.finish();
        assertEquals(List.of(), events);
    }

    @Test
    void theFieldsValueLosesOneLeadingSpaceOnlyAndAByteOrderMarkIsDropped() {
        SseEventParser p = parser(1 << 20);
        p.feed(ByteBuffer.wrap("\uFEFFdata:  two spaces\ndata:none\n\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(" two spaces\nnone", events.get(0).dataText());
    }

    @Test
    void anOversizedEventIsReportedNotKeptAndTheStreamGoesOn() {
        SseEventParser p = parser(16);
        p.feed(ByteBuffer.wrap(("id: big\ndata: " + "y".repeat(100) + "\n\ndata: ok\n\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("big"), oversized);
        assertEquals(1, events.size());
        assertEquals("ok", events.get(0).dataText());
    }

    @Test
    void anEventWrittenToTheWireParsesBackToItself() {
        SseEvent e = new SseEvent("42", "message", "line one\nline two".getBytes(StandardCharsets.UTF_8));
        parser(1 << 20).feed(ByteBuffer.wrap(e.toWire()));
        assertEquals("42", events.get(0).id());
        assertEquals("line one\nline two", events.get(0).dataText());
    }
}
