package io.shadowcat.tape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;

/** Seeded JSON-RPC-shaped values with awkward content: every JSON type, unicode, escapes, big numbers. */
final class RandomJson {

    private static final JsonNodeFactory F = JsonNodeFactory.withExactBigDecimals(true);
    private static final String[] TEXT = {"", "plain", "Zürich", "日本語", "🎉 emoji", "quote \" back \\ slash",
            "line\nbreak\r\ttab", "\u0000\u001f control", "</script>"};

    private RandomJson() {
    }

    static JsonNode message(SplittableRandom r) {
        ObjectNode m = F.objectNode().put("jsonrpc", "2.0");
        if (r.nextBoolean()) {
            m.put("id", r.nextInt(1000));
        } else {
            m.put("id", "id-" + r.nextInt(1000));
        }
        m.put("method", "tools/call");
        m.set("params", value(r, 3));
        return m;
    }

    private static JsonNode value(SplittableRandom r, int depth) {
        switch (depth <= 0 ? r.nextInt(6) : r.nextInt(8)) {
            case 0: return F.textNode(TEXT[r.nextInt(TEXT.length)]);
            case 1: return F.numberNode(r.nextLong() | (1L << 40)); // never fits an int: parsed back as a long
            case 2: return F.numberNode(new BigDecimal(BigInteger.valueOf(r.nextLong()), 1 + r.nextInt(12)));
            case 3: return F.booleanNode(r.nextBoolean());
            case 4: return F.nullNode();
            case 5: return F.numberNode(new BigInteger(100, new java.util.Random(r.nextLong())).setBit(99));
            case 6: {
                ArrayNode a = F.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(value(r, depth - 1));
                }
                return a;
            }
            default: {
                ObjectNode o = F.objectNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    o.set(TEXT[r.nextInt(TEXT.length)] + i, value(r, depth - 1));
                }
                return o;
            }
        }
    }
}
