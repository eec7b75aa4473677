package io.shadowcat.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic JSON-RPC traffic for provider tests: the same seed always yields the same messages, so
 * a failing test can be replayed exactly.
 *
 * <p>Messages alternate request and response with ids of both JSON types (numbers and strings), and mix
 * in unicode text and notifications, the shapes a storage provider must keep verbatim.
 */
public final class SampleMessages {

    private static final String[] METHODS = {"tools/call", "tools/list", "resources/read", "prompts/get"};
    private static final String[] WORDS = {"weather", "Zürich", "日本語", "emoji 🎉", "quote \"x\"", "tab\tnew\nline"};

    private final SplittableRandom random;
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    public SampleMessages(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next {@code count} messages of the conversation. */
    public List<JsonNode> next(int count) {
        List<JsonNode> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(nextMessage());
        }
        return out;
    }

    private JsonNode nextMessage() {
        ObjectNode message = json.objectNode().put("jsonrpc", "2.0");
        int kind = random.nextInt(10);
        String method = METHODS[random.nextInt(METHODS.length)];
        String text = WORDS[random.nextInt(WORDS.length)];
        if (kind == 0) {
            message.put("method", "notifications/progress");
            message.putObject("params").put("progress", random.nextInt(100));
            return message;
        }
        boolean stringId = random.nextBoolean();
        int id = random.nextInt(1_000_000);
        if (stringId) {
            message.put("id", "req-" + id);
        } else {
            message.put("id", id);
        }
        if (kind < 6) {
            message.put("method", method);
            ObjectNode params = message.putObject("params").put("name", text).put("n", random.nextLong());
            if (kind == 1) {
                // Numbers a float would corrupt: a long decimal and an integer beyond 64 bits.
                params.put("ratio", new java.math.BigDecimal("0.1000000000000000055511151231257827"));
                params.put("big", new java.math.BigInteger("123456789012345678901234567890"));
            }
        } else {
            message.putObject("result").putArray("content").addObject().put("type", "text").put("text", text);
        }
        return message;
    }
}
