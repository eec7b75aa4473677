package io.shadowcat.storage.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * A small Bloom filter of the three-character sequences in a tape's messages, so a search can skip tapes
 * that cannot contain a word without reading them. It answers "maybe" or "certainly not", never a false
 * "not". Words shorter than three characters, and tapes with so much text that the filter fills up, are
 * always "maybe".
 *
 * <p>It covers the same text as {@link TapeSearchMatcher}: every string value, key, number and boolean of
 * a message, lowercased. Not thread-safe while being built.
 */
public final class TextSignature {

    /** Size of a signature in bytes. */
    public static final int BYTES = 256;
    private static final int BITS = BYTES * 8;
    /** Past this many set bits the filter says "maybe" to everything and stops growing. */
    private static final int SATURATED = BITS / 2;

    private final long[] words;
    private int setBits;

    private TextSignature(long[] words) {
        this.words = words;
        for (long w : words) {
            setBits += Long.bitCount(w);
        }
    }

    /** An empty signature, to {@link #add} messages to. */
    public static TextSignature empty() {
        return new TextSignature(new long[BITS / 64]);
    }

    /** Reads {@link #toBase64()}; null for null or malformed text. */
    public static TextSignature fromBase64(String text) {
        if (text == null) {
            return null;
        }
        try {
            byte[] b = Base64.getDecoder().decode(text);
            if (b.length != BYTES) {
                return null;
            }
            long[] w = new long[BITS / 64];
            for (int i = 0; i < b.length; i++) {
                w[i >>> 3] |= (b[i] & 0xFFL) << ((i & 7) * 8);
            }
            return new TextSignature(w);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An independent copy, e.g. to publish while this one keeps growing. */
    public TextSignature copy() {
        return new TextSignature(words.clone());
    }

    /** The signature of a whole tape's messages. */
    public static TextSignature of(Iterable<io.shadowcat.tape.Frame> frames) {
        TextSignature s = empty();
        for (io.shadowcat.tape.Frame f : frames) {
            if (s.saturated()) {
                break;
            }
            s.add(f.message());
        }
        return s;
    }

    public String toBase64() {
        byte[] b = new byte[BYTES];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (words[i >>> 3] >>> ((i & 7) * 8));
        }
        return Base64.getEncoder().encodeToString(b);
    }

    /** True once the filter is too full to rule anything out. */
    public boolean saturated() {
        return setBits >= SATURATED;
    }

    /** Adds the text of one message. */
    public void add(JsonNode message) {
        if (!saturated()) {
            addNode(message);
        }
    }

    /** False only when no added message can contain {@code word} (any case). */
    public boolean mightContain(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (saturated() || w.length() < 3) {
            return true;
        }
        for (int i = 0; i + 3 <= w.length(); i++) {
            int h = hash(w.charAt(i), w.charAt(i + 1), w.charAt(i + 2));
            if (!get(h & (BITS - 1)) || !get((h >>> 16) & (BITS - 1))) {
                return false;
            }
        }
        return true;
    }

    private void addNode(JsonNode node) {
        if (node.isTextual()) {
            addText(node.textValue());
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                addText(e.getKey());
                addNode(e.getValue());
            }
        } else if (node.isArray()) {
            node.forEach(this::addNode);
        } else if (node.isNumber() || node.isBoolean()) {
            addText(node.asText());
        }
    }

    private void addText(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        for (int i = 0; i + 3 <= t.length() && !saturated(); i++) {
            int h = hash(t.charAt(i), t.charAt(i + 1), t.charAt(i + 2));
            set(h & (BITS - 1));
            set((h >>> 16) & (BITS - 1));
        }
    }

    private static int hash(char a, char b, char c) {
        int h = (a * 31 + b) * 31 + c;
        h *= 0x9E3779B1;
        return h ^ (h >>> 15);
    }

    private boolean get(int bit) {
        return (words[bit >>> 6] & (1L << bit)) != 0;
    }

    private void set(int bit) {
        long mask = 1L << bit;
        if ((words[bit >>> 6] & mask) == 0) {
            words[bit >>> 6] |= mask;
            setBits++;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextSignature s && Arrays.equals(words, s.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }
}
